import type { APIMessage } from 'discord-api-types/v10';
import type { CommandStore } from './applications.ts';
import { type ChannelState, type Directory, memberObject } from './directory.ts';
import type { DmChannelStore } from './dm-channels.ts';
import type { Gateway } from './gateway.ts';
import type { InteractionRegistry } from './interactions.ts';
import type { MessageStore } from './messages.ts';
import type { ScheduledEventStore } from './scheduled-events.ts';
import type { SnowflakeGenerator } from './snowflake.ts';

/** The state shared by the REST routes, the gateway and the test-facing API. */
export interface FakeContext {
  readonly ids: SnowflakeGenerator;
  readonly directory: Directory;
  readonly gateway: Gateway;
  readonly messages: MessageStore;
  readonly interactions: InteractionRegistry;
  readonly commands: CommandStore;
  readonly scheduledEvents: ScheduledEventStore;
  readonly dms: DmChannelStore;
  readonly applicationId: string;
  /** `http://127.0.0.1:PORT`, known once the server listens. */
  readonly origin: () => string;
  /** `ws://127.0.0.1:PORT/gateway`, what `/gateway/bot` and READY's `resume_gateway_url` give. */
  readonly gatewayUrl: () => string;
  /** What `/gateway/bot` says of sharding: the recommended shard count and `max_concurrency`. */
  readonly sharding: { readonly recommendedShards: () => number; readonly maxConcurrency: number };
}

/** The message as MESSAGE_CREATE/MESSAGE_UPDATE carry it: with `guild_id` and the author's `member`. */
function gatewayMessage(where: ChannelState, message: APIMessage): Record<string, unknown> {
  const author = where.guild.members.get(message.author.id);
  if (!author) return { ...message, guild_id: where.guild.fixture.id };
  const { user: _user, ...member } = memberObject(author);
  return { ...message, guild_id: where.guild.fixture.id, member };
}

/** Stores a new message in its channel and dispatches MESSAGE_CREATE. */
export function publishMessage(context: FakeContext, where: ChannelState, message: APIMessage): void {
  context.messages.put(message);
  context.gateway.dispatch('MESSAGE_CREATE', gatewayMessage(where, message), where.guild.fixture.id);
}

/** Stores an edited message and dispatches MESSAGE_UPDATE. */
export function publishEdit(context: FakeContext, where: ChannelState, message: APIMessage): void {
  context.messages.put(message);
  context.gateway.dispatch('MESSAGE_UPDATE', gatewayMessage(where, message), where.guild.fixture.id);
}

/** Removes a message from its channel and dispatches MESSAGE_DELETE; false if it did not exist. */
export function publishDelete(context: FakeContext, where: ChannelState, messageId: string): boolean {
  if (!context.messages.delete(where.channel.id, messageId)) return false;
  const guildId = where.guild.fixture.id;
  context.gateway.dispatch(
    'MESSAGE_DELETE',
    { id: messageId, channel_id: where.channel.id, guild_id: guildId },
    guildId,
  );
  return true;
}
