import type { APIGuildScheduledEvent } from 'discord-api-types/v10';
import { ChannelType, GuildScheduledEventEntityType, GuildScheduledEventStatus } from 'discord-api-types/v10';
import type { FakeContext } from './context.ts';
import type { JsonObject } from './directory.ts';
import { apiError, invalidFormBody, NO_CONTENT, ok, type Reply } from './http.ts';
import type { RouteContext, Router } from './router.ts';
import { withGuild } from './routes-guilds.ts';

/** Fields a client may set on create or PATCH. */
const WRITABLE_FIELDS = [
  'channel_id',
  'entity_metadata',
  'name',
  'privacy_level',
  'scheduled_start_time',
  'scheduled_end_time',
  'description',
  'entity_type',
  'status',
  'recurrence_rule',
] as const;

const MAX_NAME_LENGTH = 100;

/** The channel type that stage and voice events must take place in. */
const CHANNEL_TYPES: Partial<Record<number, ChannelType>> = {
  [GuildScheduledEventEntityType.StageInstance]: ChannelType.GuildStageVoice,
  [GuildScheduledEventEntityType.Voice]: ChannelType.GuildVoice,
};

/** Guild scheduled events by guild. */
export class ScheduledEventStore {
  readonly #guilds = new Map<string, Map<string, APIGuildScheduledEvent>>();

  /** Events of a guild, in creation order. */
  list(guildId: string): APIGuildScheduledEvent[] {
    return [...(this.#guilds.get(guildId)?.values() ?? [])];
  }

  get(guildId: string, eventId: string): APIGuildScheduledEvent | undefined {
    return this.#guilds.get(guildId)?.get(eventId);
  }

  put(event: APIGuildScheduledEvent): void {
    const events = this.#guilds.get(event.guild_id) ?? new Map<string, APIGuildScheduledEvent>();
    events.set(event.id, event);
    this.#guilds.set(event.guild_id, events);
  }

  delete(guildId: string, eventId: string): boolean {
    return this.#guilds.get(guildId)?.delete(eventId) ?? false;
  }
}

/** `/guilds/:id/scheduled-events[/:eventId]`: create, edit, delete, list, get. */
export function registerScheduledEventRoutes(router: Router, context: FakeContext): void {
  const base = '/guilds/:guildId/scheduled-events';
  const one = `${base}/:eventId`;
  router
    .on('GET', base, (c) => withGuild(context, c, (g) => ok(context.scheduledEvents.list(g.fixture.id))))
    .on('POST', base, (c) => withGuild(context, c, (g) => createEvent(context, g.fixture.id, c)))
    .on('GET', one, (c) => withEvent(context, c, (event) => ok(event)))
    .on('PATCH', one, (c) => withEvent(context, c, (event) => editEvent(context, event, c)))
    .on('DELETE', one, (c) => withEvent(context, c, (event) => deleteEvent(context, event)));
}

function withEvent(
  context: FakeContext,
  c: RouteContext,
  handle: (event: APIGuildScheduledEvent) => Reply,
): Reply {
  return withGuild(context, c, (guild) => {
    const event = context.scheduledEvents.get(guild.fixture.id, c.param('eventId'));
    return event ? handle(event) : apiError(404, 10070, 'Unknown Guild Scheduled Event');
  });
}

function createEvent(context: FakeContext, guildId: string, c: RouteContext): Reply {
  const body = pickWritable((c.request.body ?? {}) as JsonObject);
  const event = {
    id: context.ids.next(),
    guild_id: guildId,
    channel_id: null,
    creator_id: context.directory.botUser.id,
    creator: context.directory.botUser,
    description: null,
    scheduled_end_time: null,
    status: GuildScheduledEventStatus.Scheduled,
    entity_id: null,
    entity_metadata: null,
    user_count: 0,
    image: null,
    recurrence_rule: null,
    ...body,
  } as unknown as APIGuildScheduledEvent;
  const invalid = validateEvent(context, event, true);
  if (invalid) return invalid;
  context.scheduledEvents.put(event);
  context.gateway.dispatch('GUILD_SCHEDULED_EVENT_CREATE', { ...event }, guildId);
  return ok(event);
}

function editEvent(context: FakeContext, event: APIGuildScheduledEvent, c: RouteContext): Reply {
  const edited = {
    ...event,
    ...pickWritable((c.request.body ?? {}) as JsonObject),
  } as APIGuildScheduledEvent;
  const invalid = validateEvent(context, edited, false);
  if (invalid) return invalid;
  context.scheduledEvents.put(edited);
  context.gateway.dispatch('GUILD_SCHEDULED_EVENT_UPDATE', { ...edited }, event.guild_id);
  return ok(edited);
}

function deleteEvent(context: FakeContext, event: APIGuildScheduledEvent): Reply {
  context.scheduledEvents.delete(event.guild_id, event.id);
  context.gateway.dispatch('GUILD_SCHEDULED_EVENT_DELETE', { ...event }, event.guild_id);
  return NO_CONTENT;
}

function pickWritable(body: JsonObject): JsonObject {
  return Object.fromEntries(
    WRITABLE_FIELDS.filter((field) => field in body).map((field) => [field, body[field]]),
  );
}

/** Returns the 400 Discord answers for an event it would refuse, else undefined. */
function validateEvent(
  context: FakeContext,
  event: APIGuildScheduledEvent,
  creating: boolean,
): Reply | undefined {
  if (typeof event.name !== 'string' || event.name.length < 1 || event.name.length > MAX_NAME_LENGTH) {
    return invalidFormBody('name', 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
  }
  const start = Date.parse(event.scheduled_start_time);
  if (Number.isNaN(start))
    return invalidFormBody('scheduled_start_time', 'DATE_TIME_TYPE_PARSE', 'Invalid date.');
  if (creating && start < context.ids.now()) {
    return invalidFormBody(
      'scheduled_start_time',
      'GUILD_SCHEDULED_EVENT_SCHEDULE_PAST',
      'Cannot schedule in the past.',
    );
  }
  const end = event.scheduled_end_time === null ? undefined : Date.parse(event.scheduled_end_time);
  if (end !== undefined && !(end > start)) {
    return invalidFormBody(
      'scheduled_end_time',
      'GUILD_SCHEDULED_EVENT_END_BEFORE_START',
      'Must end after start.',
    );
  }
  if (event.entity_type === GuildScheduledEventEntityType.External) return validateExternal(event);
  const channelType = CHANNEL_TYPES[event.entity_type];
  if (channelType === undefined) {
    return invalidFormBody('entity_type', 'BASE_TYPE_CHOICES', 'Value must be one of (1, 2, 3).');
  }
  const channel = event.channel_id === null ? undefined : context.directory.channel(event.channel_id);
  if (
    (channel?.channel.type ?? ChannelType.GuildText) !== channelType ||
    channel?.guild.fixture.id !== event.guild_id
  ) {
    return invalidFormBody(
      'channel_id',
      'CHANNEL_TYPE_INVALID',
      'A voice or stage channel of the guild is required.',
    );
  }
  return undefined;
}

function validateExternal(event: APIGuildScheduledEvent): Reply | undefined {
  if (!event.entity_metadata?.location) {
    return invalidFormBody('entity_metadata', 'BASE_TYPE_REQUIRED', 'A location is required.');
  }
  if (event.scheduled_end_time === null) {
    return invalidFormBody('scheduled_end_time', 'BASE_TYPE_REQUIRED', 'External events need an end time.');
  }
  return undefined;
}
