import type { APIGuildScheduledEvent } from 'discord-api-types/v10';
import {
  ChannelType,
  GuildScheduledEventEntityType,
  GuildScheduledEventStatus,
  PermissionFlagsBits,
} from 'discord-api-types/v10';
import type { FakeContext } from './context.ts';
import { type GuildState, type JsonObject, permissionsOf } from './directory.ts';
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

/**
 * "A guild can have a maximum of 100 events with SCHEDULED or ACTIVE status at any time"
 * (Discord, Create Guild Scheduled Event); one more is refused with JSON error 30038.
 */
export const MAX_LIVE_EVENTS = 100;

/**
 * The status Discord's automation gives an event at `now`: an external event becomes
 * ACTIVE at its start and COMPLETED at its end; a SCHEDULED event that has not begun
 * is cancelled a few hours after its start (three, here).
 */
export function statusAt(event: APIGuildScheduledEvent, now: number): GuildScheduledEventStatus {
  const { status } = event;
  if (status === GuildScheduledEventStatus.Completed || status === GuildScheduledEventStatus.Canceled)
    return status;
  const start = Date.parse(event.scheduled_start_time);
  const end = event.scheduled_end_time === null ? undefined : Date.parse(event.scheduled_end_time);
  if (event.entity_type === GuildScheduledEventEntityType.External) {
    if (end !== undefined && now >= end) return GuildScheduledEventStatus.Completed;
    if (now >= start) return GuildScheduledEventStatus.Active;
    return status;
  }
  if (status === GuildScheduledEventStatus.Scheduled && now >= start + 3 * 3_600_000)
    return GuildScheduledEventStatus.Canceled;
  return status;
}

/** Whether the event counts against {@link MAX_LIVE_EVENTS} at `now`. */
export function isLive(event: APIGuildScheduledEvent, now: number): boolean {
  const status = statusAt(event, now);
  return status === GuildScheduledEventStatus.Scheduled || status === GuildScheduledEventStatus.Active;
}

/** The channel type that stage and voice events must take place in. */
const CHANNEL_TYPES: Partial<Record<number, ChannelType>> = {
  [GuildScheduledEventEntityType.StageInstance]: ChannelType.GuildStageVoice,
  [GuildScheduledEventEntityType.Voice]: ChannelType.GuildVoice,
};

/** Guild scheduled events by guild. */
export class ScheduledEventStore {
  readonly #guilds = new Map<string, Map<string, APIGuildScheduledEvent>>();
  readonly #peak = new Map<string, number>();
  /** The instant events are judged by. */
  readonly now: () => number;

  constructor(clock: () => number = Date.now) {
    this.now = clock;
  }

  /** Events of a guild, in creation order, with the status Discord's automation gives them now. */
  list(guildId: string, now = this.now()): APIGuildScheduledEvent[] {
    return [...(this.#guilds.get(guildId)?.values() ?? [])].map((e) => ({ ...e, status: statusAt(e, now) }));
  }

  /** How many of the guild's events are scheduled or active at `now`. */
  liveCount(guildId: string, now = this.now()): number {
    return [...(this.#guilds.get(guildId)?.values() ?? [])].filter((e) => isLive(e, now)).length;
  }

  /** The most events the guild has held scheduled or active at once. */
  peakLive(guildId: string): number {
    return this.#peak.get(guildId) ?? 0;
  }

  /** Remembers every guild's events; the function returned puts them back as they are now. */
  save(): () => void {
    const saved = [...this.#guilds].map(([id, events]) => [id, new Map(events)] as const);
    return () => {
      this.#guilds.clear();
      for (const [id, events] of saved) this.#guilds.set(id, new Map(events));
    };
  }

  get(guildId: string, eventId: string): APIGuildScheduledEvent | undefined {
    return this.#guilds.get(guildId)?.get(eventId);
  }

  put(event: APIGuildScheduledEvent): void {
    const events = this.#guilds.get(event.guild_id) ?? new Map<string, APIGuildScheduledEvent>();
    events.set(event.id, event);
    this.#guilds.set(event.guild_id, events);
    const live = this.liveCount(event.guild_id);
    if (live > this.peakLive(event.guild_id)) this.#peak.set(event.guild_id, live);
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
    .on('PATCH', one, (c) =>
      withEvent(
        context,
        c,
        (event, guild) => mayManage(context, guild, event) ?? editEvent(context, event, c),
      ),
    )
    .on('DELETE', one, (c) =>
      withEvent(
        context,
        c,
        (event, guild) => mayManage(context, guild, event) ?? deleteEvent(context, event),
      ),
    );
}

function withEvent(
  context: FakeContext,
  c: RouteContext,
  handle: (event: APIGuildScheduledEvent, guild: GuildState) => Reply,
): Reply {
  return withGuild(context, c, (guild) => {
    const stored = context.scheduledEvents.get(guild.fixture.id, c.param('eventId'));
    return stored
      ? handle({ ...stored, status: statusAt(stored, context.scheduledEvents.now()) }, guild)
      : apiError(404, 10070, 'Unknown Guild Scheduled Event');
  });
}

const MISSING_PERMISSIONS = () => apiError(403, 50013, 'Missing Permissions');

function botHas(context: FakeContext, guild: GuildState, bit: bigint): boolean {
  const bot = guild.members.get(context.directory.botUser.id);
  return bot !== undefined && (BigInt(permissionsOf(guild, bot)) & bit) === bit;
}

/**
 * External events need guild-level permissions: CREATE_EVENTS to create; to edit or delete,
 * MANAGE_EVENTS, or CREATE_EVENTS for an event the bot created itself.
 */
function mayManage(
  context: FakeContext,
  guild: GuildState,
  event: APIGuildScheduledEvent,
): Reply | undefined {
  if (botHas(context, guild, PermissionFlagsBits.ManageEvents)) return undefined;
  const own = event.creator_id === context.directory.botUser.id;
  return own && botHas(context, guild, PermissionFlagsBits.CreateEvents) ? undefined : MISSING_PERMISSIONS();
}

function createEvent(context: FakeContext, guildId: string, c: RouteContext): Reply {
  const guild = context.directory.guild(guildId);
  if (!guild || !botHas(context, guild, PermissionFlagsBits.CreateEvents)) return MISSING_PERMISSIONS();
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
  if (context.scheduledEvents.liveCount(guildId) >= MAX_LIVE_EVENTS) {
    return apiError(400, 30038, 'Maximum number of uncompleted guild scheduled events reached (100)');
  }
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
  if (creating && start < context.scheduledEvents.now()) {
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
  // Discord: the location of an external event is 1-100 characters.
  if (event.entity_metadata.location.length > 100) {
    return invalidFormBody(
      'entity_metadata.location',
      'BASE_TYPE_BAD_LENGTH',
      'Must be between 1 and 100 in length.',
    );
  }
  if (event.scheduled_end_time === null) {
    return invalidFormBody('scheduled_end_time', 'BASE_TYPE_REQUIRED', 'External events need an end time.');
  }
  return undefined;
}
