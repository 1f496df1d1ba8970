import { randomBytes } from 'node:crypto';
import type { APIMessage, APIUser } from 'discord-api-types/v10';
import {
  ApplicationCommandOptionType,
  ButtonStyle,
  ChannelType,
  ComponentType,
  type InteractionResponseType,
  InteractionType,
} from 'discord-api-types/v10';
import type { InteractionSpec } from './builders.ts';
import type { FakeContext } from './context.ts';
import {
  type ChannelState,
  channelObject,
  type GuildState,
  type JsonObject,
  memberObject,
  permissionsOf,
  roleObjects,
  userObject,
} from './directory.ts';
import { ALL_PERMISSIONS, type MemberFixture } from './fixtures.ts';
import type { UploadedFile } from './http.ts';
import { buildMessage, type MessageBody } from './messages.ts';
import { WaitableList } from './waitable.ts';

/** The body of `POST /interactions/:id/:token/callback`. */
export interface InteractionCallbackBody {
  type: InteractionResponseType;
  data?: MessageBody & {
    custom_id?: string;
    title?: string;
    choices?: { name: string; value: string | number }[];
  };
  /** Files uploaded with a multipart callback. */
  files?: UploadedFile[];
}

/** What to send with `FakeDiscord.sendInteraction`; spread a builder (`chatInput`, …) into it. */
export interface SendInteractionOptions extends InteractionSpec {
  /** Defaults to the first fixture guild. */
  guildId?: string;
  /** Defaults to the guild's first channel. */
  channelId?: string;
  /**
   * Who interacts: a member id of the guild, or an ad-hoc member. Defaults to the guild's
   * first member.
   */
  user?: string | MemberFixture;
  /** The user's client locale; defaults to `en-US`. */
  locale?: string;
  /** For components (required shape) and modals from components: the message, or its id. */
  message?: string | APIMessage;
  /** `app_permissions`; defaults to the bot's permissions in the guild. */
  appPermissions?: string;
}

/** Options of the `waitFor…` methods of {@link InteractionHandle}. */
export interface HandleWaitOptions {
  /** Resolve with the nth one (1-based); defaults to 1. */
  nth?: number;
  /** Defaults to 2000. */
  timeoutMs?: number;
}

/** An interaction sent to the bot, and what the bot answered. */
export interface InteractionHandle {
  readonly id: string;
  readonly token: string;
  /** The INTERACTION_CREATE payload as dispatched. */
  readonly payload: JsonObject;
  /**
   * The body of the bot's first `POST /interactions/:id/:token/callback`. Rejects if the bot
   * does not answer within the interaction deadline (`interactionTimeoutMs`, 3 s like Discord).
   */
  readonly response: Promise<InteractionCallbackBody>;
  /** Bodies of `PATCH /webhooks/:app/:token/messages/@original`, oldest first. */
  edits(): MessageBody[];
  /** Bodies of `POST /webhooks/:app/:token` (follow-up messages), oldest first. */
  followups(): MessageBody[];
  /** The response message as it is now (after edits); undefined if none or deleted. */
  original(): APIMessage | undefined;
  /** Resolves with the nth edit of the original response (past or future). */
  waitForEdit(options?: HandleWaitOptions): Promise<MessageBody>;
  /** Resolves with the nth follow-up (past or future). */
  waitForFollowup(options?: HandleWaitOptions): Promise<MessageBody>;
}

const DEFAULT_HANDLE_TIMEOUT_MS = 2000;

function summarizeBodies(bodies: readonly MessageBody[]): string {
  return bodies.length === 0 ? 'None yet.' : `So far: ${JSON.stringify(bodies)}`;
}

/** The fake's side of an interaction: where it happened, its state and its messages. */
export class InteractionRecord implements InteractionHandle {
  readonly id: string;
  readonly token: string;
  readonly payload: JsonObject;
  readonly response: Promise<InteractionCallbackBody>;
  readonly where: ChannelState;
  readonly user: APIUser;
  /** The message a component (or a modal opened from one) belongs to. */
  readonly componentMessage: APIMessage | undefined;
  /** Follow-up messages by id. */
  readonly followupMessages = new Map<string, APIMessage>();
  state: 'pending' | 'acknowledged' | 'expired' = 'pending';
  /** The response message (`@original`), once there is one. */
  originalMessage: APIMessage | undefined;
  readonly #edits = new WaitableList<MessageBody>(summarizeBodies);
  readonly #followups = new WaitableList<MessageBody>(summarizeBodies);
  #settle: { resolve: (body: InteractionCallbackBody) => void; reject: (error: Error) => void } | undefined;

  constructor(init: {
    id: string;
    token: string;
    payload: JsonObject;
    where: ChannelState;
    user: APIUser;
    componentMessage: APIMessage | undefined;
  }) {
    this.id = init.id;
    this.token = init.token;
    this.payload = init.payload;
    this.where = init.where;
    this.user = init.user;
    this.componentMessage = init.componentMessage;
    this.response = new Promise((resolve, reject) => {
      this.#settle = { resolve, reject };
    });
    // A test may never look at `response`; its rejection must not count as unhandled.
    this.response.catch(() => undefined);
  }

  get type(): InteractionType {
    return this.payload.type as InteractionType;
  }

  acknowledge(body: InteractionCallbackBody): void {
    this.state = 'acknowledged';
    this.#settle?.resolve(body);
  }

  /** Marks a still-pending interaction as expired, rejecting `response`. */
  expire(error: Error): void {
    if (this.state !== 'pending') return;
    this.state = 'expired';
    this.#settle?.reject(error);
  }

  recordEdit(body: MessageBody): void {
    this.#edits.push(body);
  }

  recordFollowup(body: MessageBody): void {
    this.#followups.push(body);
  }

  edits(): MessageBody[] {
    return [...this.#edits.items];
  }

  followups(): MessageBody[] {
    return [...this.#followups.items];
  }

  original(): APIMessage | undefined {
    return this.originalMessage;
  }

  waitForEdit(options: HandleWaitOptions = {}): Promise<MessageBody> {
    return this.#edits.waitFor(() => true, this.#waitOptions(options, 'an edit of the original response'));
  }

  waitForFollowup(options: HandleWaitOptions = {}): Promise<MessageBody> {
    return this.#followups.waitFor(() => true, this.#waitOptions(options, 'a follow-up message'));
  }

  #waitOptions(options: HandleWaitOptions, what: string) {
    return {
      timeoutMs: options.timeoutMs ?? DEFAULT_HANDLE_TIMEOUT_MS,
      description: `${what} to interaction ${this.id}`,
      ...(options.nth === undefined ? {} : { nth: options.nth }),
    };
  }
}

/** Every interaction sent, by id and by token, with their acknowledgement deadlines. */
export class InteractionRegistry {
  readonly #byId = new Map<string, InteractionRecord>();
  readonly #byToken = new Map<string, InteractionRecord>();
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #timeoutMs: number;

  /** @param timeoutMs - how long the bot has to acknowledge an interaction (`Infinity`: forever). */
  constructor(timeoutMs: number) {
    this.#timeoutMs = timeoutMs;
  }

  add(record: InteractionRecord): void {
    this.#byId.set(record.id, record);
    this.#byToken.set(record.token, record);
    if (!Number.isFinite(this.#timeoutMs)) return;
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      record.expire(new Error(`Interaction ${record.id} was not acknowledged within ${this.#timeoutMs} ms`));
    }, this.#timeoutMs);
    timer.unref();
    this.#timers.add(timer);
  }

  byId(id: string): InteractionRecord | undefined {
    return this.#byId.get(id);
  }

  byToken(token: string): InteractionRecord | undefined {
    return this.#byToken.get(token);
  }

  /** Clears the deadlines and rejects the responses still awaited. */
  close(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    for (const record of this.#byId.values()) record.expire(new Error('Fake Discord was closed'));
  }
}

/** Builds the record (and INTERACTION_CREATE payload) of an interaction; throws on bad options. */
export function createInteraction(context: FakeContext, options: SendInteractionOptions): InteractionRecord {
  const where = context.directory.locate(options.guildId, options.channelId);
  const { guild } = where;
  const member = context.directory.member(guild, options.user);
  const permissions = permissionsOf(guild, member);
  const botMember = guild.members.get(context.directory.botUser.id);
  const componentMessage = resolveComponentMessage(context, where, options);
  const id = context.ids.next();
  const token = `fake.${randomBytes(24).toString('base64url')}`;
  const payload: JsonObject = {
    id,
    application_id: context.applicationId,
    type: options.type,
    data: completeData(context, guild, options),
    guild_id: guild.fixture.id,
    guild: { id: guild.fixture.id, locale: guild.locale, features: [] },
    guild_locale: guild.locale,
    channel_id: where.channel.id,
    channel: { ...channelObject(guild, where.channel), permissions },
    member: { ...memberObject(member), permissions },
    token,
    version: 1,
    locale: options.locale ?? 'en-US',
    app_permissions: options.appPermissions ?? (botMember ? permissionsOf(guild, botMember) : '0'),
    entitlements: [],
    authorizing_integration_owners: { '0': guild.fixture.id },
    context: 0,
    attachment_size_limit: 10 * 1024 * 1024,
    ...(componentMessage ? { message: componentMessage } : {}),
  };
  return new InteractionRecord({ id, token, payload, where, user: userObject(member), componentMessage });
}

function resolveComponentMessage(
  context: FakeContext,
  where: ChannelState,
  options: SendInteractionOptions,
): APIMessage | undefined {
  if (typeof options.message === 'object') return options.message;
  if (typeof options.message === 'string') {
    const found = context.messages.find(options.message);
    if (!found) throw new Error(`Unknown message ${options.message}`);
    return found;
  }
  if (options.type !== InteractionType.MessageComponent) return undefined;
  return syntheticComponentMessage(context, where, options.data);
}

/** A bot message holding the clicked component, for component interactions sent without one. */
function syntheticComponentMessage(context: FakeContext, where: ChannelState, data: JsonObject): APIMessage {
  const customId = String(data.custom_id);
  const component =
    data.component_type === ComponentType.StringSelect
      ? {
          type: ComponentType.StringSelect,
          custom_id: customId,
          options: ((data.values ?? []) as string[]).map((value) => ({ label: value, value })),
        }
      : { type: ComponentType.Button, style: ButtonStyle.Primary, label: customId, custom_id: customId };
  return buildMessage(context.ids.next(), {
    channelId: where.channel.id,
    author: context.directory.botUser,
    body: { components: [{ type: ComponentType.ActionRow, components: [component] }] },
    attachments: [],
    mentions: [],
  });
}

/** Adds what Discord adds to command data: the command id and the `resolved` entities. */
function completeData(context: FakeContext, guild: GuildState, options: SendInteractionOptions): JsonObject {
  const isCommand =
    options.type === InteractionType.ApplicationCommand ||
    options.type === InteractionType.ApplicationCommandAutocomplete;
  if (!isCommand) return options.data;
  const command = context.commands.find(String(options.data.name), guild.fixture.id);
  const resolved = resolveEntities(guild, context, (options.data.options ?? []) as JsonObject[]);
  return {
    id: command?.id ?? context.ids.next(),
    ...(command?.guild_id === undefined ? {} : { guild_id: command.guild_id }),
    ...options.data,
    ...(resolved ? { resolved } : {}),
  };
}

/** The `resolved` entities of command data. */
interface Resolved {
  users: JsonObject;
  members: JsonObject;
  channels: JsonObject;
  roles: JsonObject;
}

/** The `resolved` users, members, channels and roles named by USER/CHANNEL/ROLE/MENTIONABLE options. */
function resolveEntities(
  guild: GuildState,
  context: FakeContext,
  options: JsonObject[],
): JsonObject | undefined {
  const resolved: Resolved = { users: {}, members: {}, channels: {}, roles: {} };
  const T = ApplicationCommandOptionType;
  const visit = (option: JsonObject): void => {
    const id = String(option.value);
    if (option.type === T.User || option.type === T.Mentionable) addUser(resolved, guild, context, id);
    if (option.type === T.Role || option.type === T.Mentionable) addRole(resolved, guild, id);
    if (option.type === T.Channel) addChannel(resolved, context, id);
    for (const child of (option.options ?? []) as JsonObject[]) visit(child);
  };
  options.forEach(visit);
  const entries = Object.entries(resolved).filter(([, values]) => Object.keys(values).length > 0);
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}

function addUser(resolved: Resolved, guild: GuildState, context: FakeContext, id: string): void {
  const member = guild.members.get(id);
  const user = member ?? context.directory.user(id);
  if (user) resolved.users[id] = userObject(user);
  if (!member) return;
  const { user: _user, ...partial } = memberObject(member);
  resolved.members[id] = { ...partial, permissions: permissionsOf(guild, member) };
}

function addRole(resolved: Resolved, guild: GuildState, id: string): void {
  const role = roleObjects(guild).find((r) => r.id === id);
  if (role) resolved.roles[id] = role;
}

function addChannel(resolved: Resolved, context: FakeContext, id: string): void {
  const where = context.directory.channel(id);
  if (!where) return;
  const { name, type = ChannelType.GuildText } = where.channel;
  resolved.channels[id] = { id, name, type, guild_id: where.guild.fixture.id, permissions: ALL_PERMISSIONS };
}
