import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { APIApplicationCommand, APIGuildScheduledEvent, APIMessage } from 'discord-api-types/v10';
import { CommandStore, registerApplicationRoutes } from './applications.ts';
import { type FakeContext, publishMessage } from './context.ts';
import { Directory, roleObjects, userObject } from './directory.ts';
import { DmChannelStore, registerDmRoutes } from './dm-channels.ts';
import { type FailureSpec, FaultInjector, GlobalRateLimiter, type RateLimitStats } from './faults.ts';
import {
  type BotUserFixture,
  DEFAULT_BOT_USER,
  type GuildFixture,
  type MemberFixture,
  makeGuilds,
} from './fixtures.ts';
import { Gateway, type GatewayStats, type SessionInfo } from './gateway.ts';
import { apiError, parseBody, type Reply, readBody, writeReply } from './http.ts';
import {
  createInteraction,
  type InteractionHandle,
  InteractionRegistry,
  type SendInteractionOptions,
} from './interactions.ts';
import { buildMessage, MessageStore, mentionedUsers } from './messages.ts';
import { type RecordedRequest, RequestLog } from './recorder.ts';
import { Router } from './router.ts';
import { registerChannelRoutes } from './routes-channels.ts';
import { registerGuildRoutes, registerSessionRoutes } from './routes-guilds.ts';
import { registerInteractionRoutes } from './routes-interactions.ts';
import { registerScheduledEventRoutes, ScheduledEventStore } from './scheduled-events.ts';
import { SnowflakeGenerator } from './snowflake.ts';

export type { APIMessage } from 'discord-api-types/v10';
export type { InteractionSpec, OptionInput } from './builders.ts';
export { autocomplete, button, chatInput, modalSubmit, modalSubmitFrom, stringSelect } from './builders.ts';
export type { JsonObject } from './directory.ts';
export type { FailureSpec, RateLimitStats } from './faults.ts';
export type {
  BotUserFixture,
  ChannelFixture,
  GuildFixture,
  MakeGuildOptions,
  MemberFixture,
  RoleFixture,
} from './fixtures.ts';
export {
  ALL_PERMISSIONS,
  DEFAULT_BOT_PERMISSIONS,
  DEFAULT_EVERYONE_PERMISSIONS,
  MODERATOR_PERMISSIONS,
  makeGuildFixture,
  makeGuilds,
} from './fixtures.ts';
export type { GatewayStats, SessionInfo } from './gateway.ts';
export { shardOf } from './gateway.ts';
export type { UploadedFile } from './http.ts';
export type {
  HandleWaitOptions,
  InteractionCallbackBody,
  InteractionHandle,
  SendInteractionOptions,
} from './interactions.ts';
export type { MessageBody } from './messages.ts';
export type { RecordedRequest } from './recorder.ts';

/** REST paths tests count with {@link FakeDiscord.requestsMatching}: a message posted in a channel. */
export const MESSAGE_POST = /^\/channels\/\d+\/messages$/;
/** An interaction's answer (its callback). */
export const INTERACTION_CALLBACK = /^\/interactions\/\d+\/[^/]+\/callback$/;

/** Options of {@link startFakeDiscord}; all optional. */
export interface FakeDiscordOptions {
  /** The guilds the bot is in. Defaults to one generated guild (`makeGuilds(1)`). */
  guilds?: GuildFixture[];
  /** The bot account. Defaults to `Podium` with a fixed id. */
  botUser?: BotUserFixture;
  /** Defaults to the bot user's id, as for applications created since 2019. */
  applicationId?: string;
  /** `heartbeat_interval` sent in HELLO; defaults to 41250 ms. */
  heartbeatIntervalMs?: number;
  /**
   * `shards` of `GET /gateway/bot`, the count Discord recommends. Defaults to one shard per
   * 1,000 guilds (at least one), about what Discord recommends.
   */
  recommendedShards?: number;
  /** `session_start_limit.max_concurrency` of `GET /gateway/bot`; defaults to 1 like most bots. */
  maxConcurrency?: number;
  /**
   * Most guilds one gateway session may hold: an IDENTIFY whose shard would hold more is closed
   * with 4011 (sharding required). Defaults to 2,500 like Discord.
   */
  maxGuildsPerSession?: number;
  /**
   * Discord's global rate limit: requests beyond this many in one second are answered 429
   * (global). Seconds are counted like discord.js does: a window opens with the first request
   * after the previous one closed. Interaction callbacks and webhooks are exempt, as on
   * Discord. Default: no limit (requests are still counted, see `globalRateLimit`).
   */
  rateLimitPerSecond?: number;
  /** How long the bot has to acknowledge an interaction; defaults to 3000 ms like Discord. */
  interactionTimeoutMs?: number;
  /**
   * Discord's clock: new ids (snowflakes) and message timestamps are stamped with it, and the
   * nonce dedup window and "not in the past" checks measure against it. Defaults to the real
   * clock; a test with a simulated clock passes the same one to the bot and to the fake.
   */
  clock?: () => number;
  /**
   * How long a nonce sent with `enforce_nonce` is remembered: a repeat within it returns the
   * first message, a repeat after it creates a new one. Discord only says "the past few
   * minutes"; defaults to 5 minutes of the fake's clock. Set it short to test what happens after.
   */
  nonceWindowMs?: number;
  /** Added delay before answering matching requests (their effect is applied at once), like a network. */
  latency?: LatencySpec[];
}

/** Requests answered `ms` later than they are handled. */
export interface LatencySpec {
  method?: string;
  path?: RegExp;
  ms: number;
}

/** A user message to dispatch with {@link FakeDiscord.sendMessage}. */
export interface SendMessageOptions {
  /** Defaults to the first fixture guild. */
  guildId?: string;
  /** Defaults to the guild's first channel. */
  channelId?: string;
  /** A member id of the guild, or an ad-hoc member; defaults to the guild's first member. */
  author?: string | MemberFixture;
  content?: string;
  embeds?: unknown[];
  /** Id of a message in the channel this one replies to. */
  replyTo?: string;
}

/** Options of {@link FakeDiscord.dropConnection}. */
export interface DropOptions {
  /** Forget the sessions, so that RESUME gets INVALID_SESSION and the client identifies again. */
  invalidateSession?: boolean;
}

const DEFAULT_WAIT_MS = 2000;
/** Generous per-route limits: discord.js never waits on a bucket unless a test says so. */
const ROUTE_LIMIT = 10_000;

/**
 * A local Discord: REST under `apiBase` (`/api/v10/...`) and the gateway at `/gateway`, on
 * 127.0.0.1, for an unmodified discord.js client created with `rest: { api: fake.apiBase }`.
 *
 * @example
 * ```ts
 * const fake = await startFakeDiscord({ guilds: makeGuilds(2, 10) });
 * const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiBase } });
 * await client.login('any-token'); // then wait for Events.ClientReady
 * const handle = fake.sendInteraction(chatInput('meeting', 'next'));
 * expect((await handle.response).data?.content).toContain('Next meeting');
 * await client.destroy();
 * await fake.close();
 * ```
 */
export class FakeDiscord {
  readonly #http: Server;
  readonly #connections = { open: 0, peak: 0 };
  readonly #context: FakeContext;
  readonly #gateway: Gateway;
  readonly #router = new Router();
  readonly #log = new RequestLog();
  readonly #faults = new FaultInjector();
  readonly #rateLimiter: GlobalRateLimiter;
  readonly #latency: LatencySpec[];
  #origin = '';

  private constructor(options: FakeDiscordOptions) {
    const ids = new SnowflakeGenerator(options.clock);
    this.#latency = options.latency ?? [];
    const botUser = options.botUser ?? DEFAULT_BOT_USER;
    const applicationId = options.applicationId ?? botUser.id;
    const directory = new Directory(options.guilds ?? makeGuilds(1), botUser, ids);
    const gatewayUrl = () => `${this.#origin.replace(/^http/, 'ws')}/gateway`;
    this.#gateway = new Gateway({
      directory,
      applicationId,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
      url: gatewayUrl,
      maxGuildsPerSession: options.maxGuildsPerSession ?? 2500,
    });
    const guildCount = () => [...directory.guilds()].length;
    this.#context = {
      ids,
      directory,
      gateway: this.#gateway,
      messages: new MessageStore(options.nonceWindowMs),
      interactions: new InteractionRegistry(options.interactionTimeoutMs ?? 3000),
      commands: new CommandStore(ids, applicationId),
      scheduledEvents: new ScheduledEventStore(options.clock ?? Date.now),
      dms: new DmChannelStore(),
      applicationId,
      origin: () => this.#origin,
      gatewayUrl,
      sharding: {
        recommendedShards: () => options.recommendedShards ?? Math.max(1, Math.ceil(guildCount() / 1000)),
        maxConcurrency: options.maxConcurrency ?? 1,
      },
    };
    this.#rateLimiter = new GlobalRateLimiter(options.rateLimitPerSecond);
    for (const register of [
      registerSessionRoutes,
      registerGuildRoutes,
      registerChannelRoutes,
      registerApplicationRoutes,
      registerScheduledEventRoutes,
      registerInteractionRoutes,
      registerDmRoutes,
    ]) {
      register(this.#router, this.#context);
    }
    // A request the client aborts mid-body just ends its socket.
    this.#http = createServer((req, res) => void this.#onRequest(req, res).catch(() => res.destroy()));
    this.#http.on('upgrade', (req, socket, head) => this.#onUpgrade(req, socket, head));
    this.#http.on('connection', (socket) => {
      this.#connections.open += 1;
      this.#connections.peak = Math.max(this.#connections.peak, this.#connections.open);
      socket.once('close', () => {
        this.#connections.open -= 1;
      });
    });
  }

  /** @internal Use {@link startFakeDiscord}. */
  static async start(options: FakeDiscordOptions): Promise<FakeDiscord> {
    const fake = new FakeDiscord(options);
    await new Promise<void>((resolve, reject) => {
      fake.#http.once('error', reject);
      fake.#http.listen(0, '127.0.0.1', resolve);
    });
    fake.#origin = `http://127.0.0.1:${(fake.#http.address() as AddressInfo).port}`;
    return fake;
  }

  /** The value for the client's `rest.api` option, e.g. `http://127.0.0.1:PORT/api`. */
  get apiBase(): string {
    return `${this.#origin}/api`;
  }

  /** The bot's user id. */
  get botUserId(): string {
    return this.#context.directory.botUser.id;
  }

  /**
   * TCP connections clients have open to this server (REST, and the gateway's
   * WebSockets), now and at most at once since the start.
   */
  get connections(): { readonly open: number; readonly peak: number } {
    return { ...this.#connections };
  }

  /** Every REST call received since the start (or the last {@link clearRequests}), oldest first. */
  get requests(): readonly RecordedRequest[] {
    return this.#log.items;
  }

  /** Recorded calls with this method (any case) whose path matches. */
  requestsMatching(method: string, path: RegExp): RecordedRequest[] {
    return this.#log.items.filter((r) => r.method === method.toUpperCase() && path.test(r.path));
  }

  /** Forgets the recorded calls (pending {@link waitForRequest}s keep waiting). */
  clearRequests(): void {
    this.#log.clear();
  }

  /**
   * Resolves with the first recorded call matching `predicate`, past or future. Calls are
   * recorded once handled (effects applied, `status` set) just before the answer is sent.
   * Rejects after `timeoutMs` with the list of calls seen.
   */
  waitForRequest(
    predicate: (request: RecordedRequest) => boolean,
    timeoutMs = DEFAULT_WAIT_MS,
  ): Promise<RecordedRequest> {
    return this.#log.waitFor(predicate, { timeoutMs, description: 'a matching request' });
  }

  /**
   * The messages of a channel, oldest first, as they are now: each message created once
   * (a POST repeating an `enforce_nonce` nonce creates nothing), edits applied, deleted
   * ones gone. Includes non-ephemeral interaction responses and {@link sendMessage} messages.
   */
  messages(channelId: string): APIMessage[] {
    return this.#context.messages.list(channelId);
  }

  /**
   * Dispatches an INTERACTION_CREATE built from `options` (spread a builder such as
   * `chatInput('meeting', 'next')` into it) and returns a handle on the bot's answers.
   * Throws if the guild, channel, member or message is unknown.
   */
  sendInteraction(options: SendInteractionOptions): InteractionHandle {
    const record = createInteraction(this.#context, options);
    this.#context.interactions.add(record);
    this.#gateway.dispatch('INTERACTION_CREATE', record.payload, record.where.guild.fixture.id);
    return record;
  }

  /** Stores a message from a user and dispatches MESSAGE_CREATE; returns the message. */
  sendMessage(options: SendMessageOptions): APIMessage {
    const { directory, messages, ids } = this.#context;
    const where = directory.locate(options.guildId, options.channelId);
    const author = directory.member(where.guild, options.author);
    const referenced =
      options.replyTo === undefined ? undefined : messages.get(where.channel.id, options.replyTo);
    const message = buildMessage(ids.next(), {
      channelId: where.channel.id,
      author: userObject(author),
      body: { content: options.content ?? '', embeds: options.embeds ?? [] },
      attachments: [],
      mentions: mentionedUsers(options.content, directory),
      ...(referenced ? { referenced } : {}),
    });
    publishMessage(this.#context, where, message);
    return message;
  }

  /** The messages the bot sent to a user by DM, oldest first (none if no DM channel was opened). */
  directMessages(userId: string): APIMessage[] {
    const channelId = this.#context.dms.channelOf(userId);
    return channelId === undefined ? [] : this.#context.messages.list(channelId);
  }

  /** Closes (or opens again) a user's DMs to the bot: sends then fail with 403, JSON error 50007. */
  setDmsClosed(userId: string, closed = true): void {
    this.#context.dms.setClosed(userId, closed);
  }

  /** The application commands registered globally, or in a guild with `guildId`. */
  commands(guildId?: string): APIApplicationCommand[] {
    return this.#context.commands.list(guildId);
  }

  /** The scheduled events of a guild, in creation order, with the status Discord's automation gives them now. */
  scheduledEvents(guildId: string): APIGuildScheduledEvent[] {
    return this.#context.scheduledEvents.list(guildId);
  }

  /** Remembers every guild's scheduled events; the function returned puts them back as they are now. */
  saveScheduledEvents(): () => void {
    return this.#context.scheduledEvents.save();
  }

  /** How many events of the guild are scheduled or active now (Discord allows 100). */
  liveScheduledEvents(guildId: string): number {
    return this.#context.scheduledEvents.liveCount(guildId);
  }

  /** The most events the guild has held scheduled or active at once, so far. */
  peakLiveScheduledEvents(guildId: string): number {
    return this.#context.scheduledEvents.peakLive(guildId);
  }

  /**
   * Adds an external event made by a member (not the bot), as the guild's own events are:
   * SCHEDULED, an hour long, starting at `startsAt`. Returns its id.
   */
  addMemberEvent(guildId: string, name: string, startsAt: number): string {
    const { directory, ids, scheduledEvents, gateway } = this.#context;
    const guild = directory.guild(guildId);
    const owner = guild?.fixture.members[0];
    if (!guild || !owner) throw new Error(`No guild ${guildId} with a member`);
    const event = {
      id: ids.next(),
      guild_id: guildId,
      channel_id: null,
      creator_id: owner.id,
      creator: userObject(owner),
      name,
      description: null,
      scheduled_start_time: new Date(startsAt).toISOString(),
      scheduled_end_time: new Date(startsAt + 3_600_000).toISOString(),
      privacy_level: 2,
      status: 1,
      entity_type: 3,
      entity_id: null,
      entity_metadata: { location: 'Somewhere' },
      user_count: 0,
      image: null,
      recurrence_rule: null,
    } as APIGuildScheduledEvent;
    scheduledEvents.put(event);
    gateway.dispatch('GUILD_SCHEDULED_EVENT_CREATE', { ...event }, guildId);
    return event.id;
  }

  /**
   * Changes a role's permissions (decimal bit set), as an admin would in Server Settings, and
   * dispatches GUILD_ROLE_UPDATE. `role` is a role id, `'@everyone'` or `'bot'` (the bot's managed role).
   */
  setRolePermissions(guildId: string, role: string, permissions: string): void {
    const guild = this.#context.directory.guild(guildId);
    if (!guild) throw new Error(`No guild ${guildId}`);
    const id = role === '@everyone' ? guildId : role === 'bot' ? guild.botRoleId : role;
    const fixture = guild.roles.get(id);
    if (!fixture) throw new Error(`No role ${role} in guild ${guildId}`);
    fixture.permissions = permissions;
    const object = roleObjects(guild).find((r) => r.id === id);
    this.#gateway.dispatch('GUILD_ROLE_UPDATE', { guild_id: guildId, role: object }, guildId);
  }

  /**
   * Closes the bot's gateway connection(s): abnormally (1006, no close frame) by default, or
   * with `code`. discord.js then reconnects and RESUMEs; events dispatched meanwhile are
   * replayed. Returns the number of connections closed.
   */
  dropConnection(code?: number, options: DropOptions = {}): number {
    return this.#gateway.dropConnections(code, options.invalidateSession ?? false);
  }

  /** Makes the next matching REST call(s) fail (see {@link FailureSpec}). */
  failNext(spec: FailureSpec): void {
    this.#faults.add(spec);
  }

  /** Number of REST calls failed through {@link failNext} so far. */
  get injectedFailures(): number {
    return this.#faults.injected;
  }

  /** Global rate limit counters: the peak per second and how often the limit was exceeded. */
  get globalRateLimit(): RateLimitStats {
    return this.#rateLimiter.stats;
  }

  /** Gateway counters: connections, identifies, resumes, invalid sessions, refused identifies. */
  get gatewayStats(): GatewayStats {
    return this.#gateway.stats;
  }

  /** The gateway sessions alive now, with their shard and the guilds they hold. */
  gatewaySessions(): SessionInfo[] {
    return this.#gateway.sessions();
  }

  /** Stops everything: pending waits reject, connections (hanging requests included) close. */
  async close(): Promise<void> {
    const closed = new Error('Fake Discord was closed');
    this.#log.rejectAll(closed);
    this.#context.interactions.close();
    await this.#gateway.close();
    const stopped = new Promise<void>((resolve) => this.#http.close(() => resolve()));
    this.#http.closeAllConnections();
    await stopped;
  }

  #onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (new URL(req.url ?? '/', this.#origin).pathname === '/gateway')
      this.#gateway.upgrade(req, socket, head);
    else socket.destroy();
  }

  async #onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.#origin);
    const prefix = /^\/api\/v\d+(?=\/)/.exec(url.pathname)?.[0];
    const segments = prefix === undefined ? undefined : decodeSegments(url.pathname.slice(prefix.length));
    if (segments === undefined) return writeReply(res, apiError(404, 0, '404: Not Found'));
    const { request, malformed } = toRecordedRequest(req, url, segments, await readBody(req));
    const reply = malformed
      ? apiError(400, 50109, 'The request body contains invalid JSON.')
      : this.#answer(request, segments);
    if (reply !== 'hang') request.status = reply.status;
    this.#log.push(request);
    // 'hang': never answer; the client times out, or close() destroys the socket.
    if (reply === 'hang') return;
    const delay = this.#latency.find(
      (l) =>
        (l.method === undefined || l.method.toUpperCase() === request.method) &&
        (l.path?.test(request.path) ?? true),
    );
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay.ms));
    writeReply(res, reply);
  }

  /** Applies the global rate limit, then injected failures, then the route. */
  #answer(request: RecordedRequest, segments: string[]): Reply | 'hang' {
    const limited = isGloballyLimited(request.path) ? this.#rateLimiter.admit(request.at) : undefined;
    if (limited) return limited;
    const failure = this.#faults.take(request.method, request.path);
    if (!failure) return this.#route(request, segments);
    if (failure.applied) this.#route(request, segments);
    return failure.reply;
  }

  #route(request: RecordedRequest, segments: string[]): Reply {
    const match = this.#router.match(request.method, segments);
    if (match === undefined) return apiError(404, 0, '404: Not Found');
    if (match === 'method-not-allowed') return apiError(405, 0, '405: Method Not Allowed');
    try {
      const reply = match.handler({ request, param: (name) => match.params.get(name) ?? '' });
      return { ...reply, headers: { ...bucketHeaders(request.method, match.pattern), ...reply.headers } };
    } catch (error) {
      console.error(`Fake Discord failed on ${request.method} ${request.path}:`, error);
      return apiError(500, 0, `Fake Discord error: ${String(error)}`);
    }
  }
}

/** Starts a fake Discord on 127.0.0.1 (random port). Close it with {@link FakeDiscord.close}. */
export function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  return FakeDiscord.start(options);
}

/** The record of a request; `malformed` if its body could not be parsed (then left undefined). */
function toRecordedRequest(
  req: IncomingMessage,
  url: URL,
  segments: string[],
  raw: Buffer,
): { request: RecordedRequest; malformed: boolean } {
  let body: unknown;
  let malformed = false;
  try {
    body = parseBody(req.headers['content-type'], raw);
  } catch {
    malformed = true;
  }
  const request: RecordedRequest = {
    method: (req.method ?? 'GET').toUpperCase(),
    path: segments.join('/'),
    query: Object.fromEntries(url.searchParams),
    headers: flattenHeaders(req),
    body,
    at: Date.now(),
    status: undefined,
  };
  return { request, malformed };
}

/** Path segments, URL-decoded; undefined if malformed. Keeps the leading empty segment. */
function decodeSegments(path: string): string[] | undefined {
  try {
    return path.split('/').map(decodeURIComponent);
  } catch {
    return undefined;
  }
}

function flattenHeaders(req: IncomingMessage): Record<string, string> {
  return Object.fromEntries(
    Object.entries(req.headers).map(([name, value]) => [
      name,
      Array.isArray(value) ? value.join(', ') : (value ?? ''),
    ]),
  );
}

/** Interaction callbacks and webhooks do not count against Discord's global rate limit. */
function isGloballyLimited(path: string): boolean {
  return !path.startsWith('/interactions/') && !path.startsWith('/webhooks/');
}

function bucketHeaders(method: string, pattern: string): Record<string, string> {
  return {
    'x-ratelimit-bucket': createHash('sha1').update(`${method} ${pattern}`).digest('hex').slice(0, 16),
    'x-ratelimit-limit': String(ROUTE_LIMIT),
    'x-ratelimit-remaining': String(ROUTE_LIMIT - 1),
    'x-ratelimit-reset-after': '1.000',
    'x-ratelimit-reset': ((Date.now() + 1000) / 1000).toFixed(3),
  };
}
