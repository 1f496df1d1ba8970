import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { GatewayIntentBits, GatewayOpcodes } from 'discord-api-types/v10';
import { WebSocket, WebSocketServer } from 'ws';
import {
  type Directory,
  type GuildState,
  guildCreateObject,
  type JsonObject,
  memberObject,
} from './directory.ts';
import type { MemberFixture } from './fixtures.ts';

/** Gateway activity counters (see `FakeDiscord.gatewayStats`). */
export interface GatewayStats {
  /** WebSocket connections accepted. */
  connections: number;
  /** IDENTIFY payloads answered with READY. */
  identifies: number;
  /** RESUME payloads answered with RESUMED. */
  resumes: number;
  /** RESUME payloads answered with INVALID_SESSION. */
  invalidSessions: number;
  /** IDENTIFY payloads refused with 4010 (invalid shard) or 4011 (sharding required). */
  refusedIdentifies: number;
}

/** A gateway session as the fake sees it (see `FakeDiscord.gatewaySessions`). */
export interface SessionInfo {
  /** `[shard_id, num_shards]` from IDENTIFY (`[0, 1]` without one). */
  shard: readonly [number, number];
  /** Whether a client is connected to it now. */
  connected: boolean;
  /** Ids of the guilds it holds. */
  guildIds: string[];
}

/** Options of {@link Gateway}. */
export interface GatewayOptions {
  readonly directory: Directory;
  readonly applicationId: string;
  readonly heartbeatIntervalMs: number;
  /** The URL clients connect (and resume) to. */
  readonly url: () => string;
  /**
   * Most guilds one session may hold; an IDENTIFY whose shard would hold more is closed with
   * 4011 (sharding required). Discord's limit is 2,500.
   */
  readonly maxGuildsPerSession: number;
}

interface DispatchPayload {
  op: GatewayOpcodes.Dispatch;
  t: string;
  s: number;
  d: unknown;
}

interface ClientPayload {
  op: number;
  d?: unknown;
}

const I = GatewayIntentBits;

/** The intent a dispatch needs to be sent; events not listed are always sent. */
const EVENT_INTENTS: Readonly<Record<string, number>> = {
  GUILD_CREATE: I.Guilds,
  MESSAGE_CREATE: I.GuildMessages,
  MESSAGE_UPDATE: I.GuildMessages,
  MESSAGE_DELETE: I.GuildMessages,
  MESSAGE_REACTION_ADD: I.GuildMessageReactions,
  MESSAGE_REACTION_REMOVE: I.GuildMessageReactions,
  GUILD_SCHEDULED_EVENT_CREATE: I.GuildScheduledEvents,
  GUILD_SCHEDULED_EVENT_UPDATE: I.GuildScheduledEvents,
  GUILD_SCHEDULED_EVENT_DELETE: I.GuildScheduledEvents,
};

/** Close codes with which a client ends its session for good (anything else may resume). */
const SESSION_ENDING_CLOSE_CODES = new Set([1000, 1001]);

const MEMBERS_PER_CHUNK = 1000;

/** One gateway session: its sequence, the events sent in it and, while connected, its socket. */
class Session {
  readonly id = randomBytes(16).toString('hex');
  readonly intents: number;
  readonly shard: readonly [number, number];
  socket: WebSocket | undefined;
  #seq = 0;
  #events: DispatchPayload[] = [];

  constructor(intents: number, shard: readonly [number, number], socket: WebSocket) {
    this.intents = intents;
    this.shard = shard;
    this.socket = socket;
  }

  /** Whether the guild's events go to this session: its shard's, or DMs (no guild) to shard 0. */
  owns(guildId: string | undefined): boolean {
    return guildId === undefined ? this.shard[0] === 0 : shardOf(guildId, this.shard[1]) === this.shard[0];
  }

  /** Numbers, keeps (for RESUME) and, if connected, sends a dispatch. */
  dispatch(event: string, data: unknown): void {
    const payload: DispatchPayload = { op: GatewayOpcodes.Dispatch, t: event, s: ++this.#seq, d: data };
    this.#events.push(payload);
    this.send(payload);
  }

  /** Forgets the events the client confirmed (through its heartbeat) it received. */
  acknowledge(seq: number): void {
    const firstKept = this.#events.findIndex((event) => event.s > seq);
    this.#events = firstKept === -1 ? [] : this.#events.slice(firstKept);
  }

  /** Sends again every event after `seq` (READY excepted), then RESUMED. */
  resumeAfter(seq: number): void {
    for (const event of this.#events) if (event.s > seq && event.t !== 'READY') this.send(event);
    // RESUMED takes no sequence number of its own: discord.js counts replayed events as
    // RESUMED's `s` minus the last sequence it saw before the drop.
    this.send({ op: GatewayOpcodes.Dispatch, t: 'RESUMED', s: this.#seq, d: { _trace: ['fake-discord'] } });
  }

  send(payload: object): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(payload));
  }
}

/** The fake gateway: HELLO, heartbeats, IDENTIFY → READY + GUILD_CREATE, RESUME with replay. */
export class Gateway {
  readonly #options: GatewayOptions;
  readonly #server = new WebSocketServer({ noServer: true });
  readonly #sessions = new Map<string, Session>();
  readonly #stats: GatewayStats = {
    connections: 0,
    identifies: 0,
    resumes: 0,
    invalidSessions: 0,
    refusedIdentifies: 0,
  };

  constructor(options: GatewayOptions) {
    this.#options = options;
  }

  get stats(): Readonly<GatewayStats> {
    return { ...this.#stats };
  }

  /** The sessions alive now (identified, not ended by the client), oldest first. */
  sessions(): SessionInfo[] {
    const guildIds = [...this.#options.directory.guilds()].map((guild) => guild.fixture.id);
    return [...this.#sessions.values()].map((session) => ({
      shard: session.shard,
      connected: session.socket?.readyState === WebSocket.OPEN,
      guildIds: guildIds.filter((id) => session.owns(id)),
    }));
  }

  /** Accepts a WebSocket upgrade request. */
  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.#server.handleUpgrade(request, socket, head, (ws) => this.#accept(ws, request));
  }

  /**
   * Sends a dispatch to every session that should get it: the one owning the guild's shard
   * (`(guild_id >> 22) % num_shards == shard_id`; no guild, as for DMs: shard 0), with the
   * intent the event needs. MESSAGE_* payloads lose their content without the MESSAGE_CONTENT
   * intent, as on Discord.
   */
  dispatch(event: string, data: JsonObject, guildId: string | undefined): void {
    for (const session of this.#sessions.values()) {
      if (!session.owns(guildId) || !hasIntentFor(event, session.intents)) continue;
      session.dispatch(event, this.#visibleTo(session, event, data));
    }
  }

  /**
   * Closes every client connection: with `code`, or abnormally (no close frame, 1006) by
   * default. Sessions survive (so clients resume) unless `invalidateSessions`.
   */
  dropConnections(code: number | undefined, invalidateSessions: boolean): number {
    if (invalidateSessions) this.#sessions.clear();
    const sockets = [...this.#server.clients];
    for (const socket of sockets) {
      if (code === undefined) socket.terminate();
      else socket.close(code);
    }
    return sockets.length;
  }

  close(): Promise<void> {
    for (const socket of this.#server.clients) socket.terminate();
    this.#sessions.clear();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  #accept(socket: WebSocket, request: IncomingMessage): void {
    this.#stats.connections++;
    const query = new URL(request.url ?? '/', 'ws://localhost').searchParams;
    if (query.get('v') !== '10' || query.get('encoding') !== 'json') {
      socket.close(4012, 'Only v=10 and encoding=json are supported');
      return;
    }
    let session: Session | undefined;
    socket.on('message', (raw) => {
      const payload = parsePayload(raw.toString());
      if (!payload) return socket.close(4002, 'Error while decoding payload');
      session = this.#handle(socket, session, payload);
    });
    socket.on('close', (code) => this.#onClose(socket, session, code));
    send(socket, { op: GatewayOpcodes.Hello, d: { heartbeat_interval: this.#options.heartbeatIntervalMs } });
  }

  /** Handles one client payload; returns the connection's session afterwards. */
  #handle(socket: WebSocket, session: Session | undefined, payload: ClientPayload): Session | undefined {
    switch (payload.op) {
      case GatewayOpcodes.Heartbeat:
        if (typeof payload.d === 'number') session?.acknowledge(payload.d);
        send(socket, { op: GatewayOpcodes.HeartbeatAck, d: null });
        return session;
      case GatewayOpcodes.Identify:
        if (session) return closeWith(socket, session, 4005, 'Already authenticated');
        return this.#identify(socket, payload.d as JsonObject);
      case GatewayOpcodes.Resume:
        if (session) return closeWith(socket, session, 4005, 'Already authenticated');
        return this.#resume(socket, payload.d as JsonObject);
      case GatewayOpcodes.RequestGuildMembers:
        if (!session) return closeWith(socket, session, 4003, 'Not authenticated');
        this.#sendMembers(session, payload.d as JsonObject);
        return session;
      case GatewayOpcodes.PresenceUpdate:
      case GatewayOpcodes.VoiceStateUpdate:
        return session;
      default:
        return closeWith(socket, session, 4001, 'Unknown opcode');
    }
  }

  /**
   * IDENTIFY: a session for the shard (`[shard_id, num_shards]`, `[0, 1]` if absent) with its
   * guilds, or, as on Discord, close 4010 for a shard that is not a pair of whole numbers with
   * `0 <= shard_id < num_shards`, and 4011 if the shard would hold too many guilds. Sessions
   * with different `num_shards` may coexist, as on Discord while a bot reshards: each gets the
   * guilds the formula gives it.
   */
  #identify(socket: WebSocket, data: JsonObject): Session | undefined {
    const shard = data.shard === undefined ? ([0, 1] as const) : validShard(data.shard);
    if (shard === undefined) {
      this.#stats.refusedIdentifies++;
      return closeWith(socket, undefined, 4010, 'Invalid shard');
    }
    const all = [...this.#options.directory.guilds()];
    const guilds = all.filter((guild) => shardOf(guild.fixture.id, shard[1]) === shard[0]);
    if (guilds.length > this.#options.maxGuildsPerSession) {
      this.#stats.refusedIdentifies++;
      return closeWith(socket, undefined, 4011, 'Sharding required');
    }
    const session = new Session(Number(data.intents ?? 0), shard, socket);
    this.#sessions.set(session.id, session);
    this.#stats.identifies++;
    session.dispatch('READY', this.#readyData(session, guilds));
    if (hasIntentFor('GUILD_CREATE', session.intents)) {
      const options = {
        allMembers: (session.intents & I.GuildMembers) !== 0,
        botUserId: this.#options.directory.botUser.id,
      };
      for (const guild of guilds) session.dispatch('GUILD_CREATE', guildCreateObject(guild, options));
    }
    return session;
  }

  #readyData(session: Session, guilds: GuildState[]): JsonObject {
    return {
      v: 10,
      user: { ...this.#options.directory.botUser, bot: true, verified: true, mfa_enabled: false, flags: 0 },
      guilds: guilds.map((guild) => ({ id: guild.fixture.id, unavailable: true })),
      session_id: session.id,
      session_type: 'normal',
      resume_gateway_url: this.#options.url(),
      shard: session.shard,
      application: { id: this.#options.applicationId, flags: 0 },
      private_channels: [],
      relationships: [],
      presences: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      user_settings: {},
      _trace: ['fake-discord'],
    };
  }

  #resume(socket: WebSocket, data: JsonObject): Session | undefined {
    const session = this.#sessions.get(String(data.session_id));
    if (!session) {
      this.#stats.invalidSessions++;
      send(socket, { op: GatewayOpcodes.InvalidSession, d: false });
      return undefined;
    }
    this.#stats.resumes++;
    const previous = session.socket;
    session.socket = socket;
    previous?.terminate();
    session.resumeAfter(Number(data.seq ?? 0));
    return session;
  }

  #sendMembers(session: Session, data: JsonObject): void {
    const guildId = String(data.guild_id);
    const guild = this.#options.directory.guild(guildId);
    if (!guild) return;
    const { members, notFound } = selectMembers(guild, data);
    const chunkCount = Math.max(1, Math.ceil(members.length / MEMBERS_PER_CHUNK));
    for (let index = 0; index < chunkCount; index++) {
      const chunk = members.slice(index * MEMBERS_PER_CHUNK, (index + 1) * MEMBERS_PER_CHUNK);
      session.dispatch('GUILD_MEMBERS_CHUNK', {
        guild_id: guildId,
        members: chunk.map(memberObject),
        chunk_index: index,
        chunk_count: chunkCount,
        not_found: index === 0 ? notFound : [],
        nonce: data.nonce,
      });
    }
  }

  #onClose(socket: WebSocket, session: Session | undefined, code: number): void {
    if (!session || session.socket !== socket) return;
    session.socket = undefined;
    if (SESSION_ENDING_CLOSE_CODES.has(code)) this.#sessions.delete(session.id);
  }

  /** What a session sees of a message event, given its intents. */
  #visibleTo(session: Session, event: string, data: JsonObject): JsonObject {
    if (!event.startsWith('MESSAGE_') || (session.intents & I.MessageContent) !== 0) return data;
    const botId = this.#options.directory.botUser.id;
    const author = data.author as { id?: string } | undefined;
    const mentions = (data.mentions ?? []) as { id: string }[];
    if (author?.id === botId || mentions.some((user) => user.id === botId)) return data;
    return { ...data, content: '', embeds: [], attachments: [], components: [] };
  }
}

/** Discord's sharding formula: the shard of `num_shards` that receives a guild's events. */
export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** IDENTIFY's `shard` if it is `[shard_id, num_shards]` with `0 <= shard_id < num_shards`. */
function validShard(value: unknown): readonly [number, number] | undefined {
  if (!Array.isArray(value) || value.length !== 2 || !value.every(Number.isSafeInteger)) return undefined;
  const [id, count] = value as [number, number];
  return count >= 1 && id >= 0 && id < count ? [id, count] : undefined;
}

function hasIntentFor(event: string, intents: number): boolean {
  const needed = EVENT_INTENTS[event];
  return needed === undefined || (intents & needed) !== 0;
}

/** The members a REQUEST_GUILD_MEMBERS asks for: by `user_ids`, else by username prefix. */
function selectMembers(
  guild: GuildState,
  data: JsonObject,
): { members: MemberFixture[]; notFound: string[] } {
  const all = [...guild.members.values()];
  const limit = Number(data.limit ?? 0);
  if (data.user_ids !== undefined) {
    const ids = ([] as unknown[]).concat(data.user_ids).map(String);
    return {
      members: all.filter((m) => ids.includes(m.id)),
      notFound: ids.filter((id) => !guild.members.has(id)),
    };
  }
  const query = String(data.query ?? '').toLowerCase();
  const matching = all.filter((member) => member.username.toLowerCase().startsWith(query));
  return { members: limit > 0 ? matching.slice(0, limit) : matching, notFound: [] };
}

function parsePayload(raw: string): ClientPayload | undefined {
  try {
    const payload: unknown = JSON.parse(raw);
    return typeof payload === 'object' && payload !== null && 'op' in payload
      ? (payload as ClientPayload)
      : undefined;
  } catch {
    return undefined;
  }
}

function send(socket: WebSocket, payload: { op: number; d: unknown }): void {
  socket.send(JSON.stringify({ ...payload, s: null, t: null }));
}

/** Closes the connection with a gateway error code; returns the (unchanged) session. */
function closeWith(
  socket: WebSocket,
  session: Session | undefined,
  code: number,
  reason: string,
): Session | undefined {
  socket.close(code, reason);
  return session;
}
