import { Writable } from 'node:stream';
import { ApplicationCommandOptionType, InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import pino from 'pino';
import { expect } from 'vitest';
import { addMember } from '../../src/app/addMember.ts';
import type { Actor, Ctx } from '../../src/app/context.ts';
import { setupSeries } from '../../src/app/setupSeries.ts';
import type { Config } from '../../src/config.ts';
import type { Series } from '../../src/domain/model.ts';
import type { Logger } from '../../src/log.ts';
import { type Bot, type BotHooks, startBot } from '../../src/roles/bot.ts';
import type { ShardPlan } from '../../src/shard-settings.ts';
import type { Db } from '../../src/store/db.ts';
import {
  type APIMessage,
  chatInput,
  type FakeDiscord,
  type FakeDiscordOptions,
  type GuildFixture,
  type InteractionCallbackBody,
  type InteractionHandle,
  makeGuildFixture,
  type OptionInput,
  type RecordedRequest,
  startFakeDiscord,
} from '../fake-discord/server.ts';
import { at, testDb } from '../support/db.ts';
import { snapshot as storeSnapshot } from '../support/snapshot.ts';

export const TZ = 'Asia/Shanghai';
/** Saturday before the first meeting (Thursday 2024-08-01 21:00, Shanghai). */
export const START = at('2024-07-20 12:00', TZ);

/** A guild with channels general, meetings and topics; an owner, a moderator, a holder of the organiser role and six members. */
export function podiumGuild(index = 0): GuildFixture {
  const guild = makeGuildFixture({ index, members: 8, channelNames: ['general', 'meetings', 'topics'] });
  const organiserRole = { id: `${BigInt(guild.id) + 900n}`, name: 'Organisers', permissions: '0' };
  guild.roles.push(organiserRole);
  guild.members.push({
    id: `${BigInt(guild.id) + 901n}`,
    username: 'role-holder',
    globalName: 'Role Holder',
    roles: [organiserRole.id],
  });
  return guild;
}

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/** A pino logger writing parsed lines into `lines`. */
export function memoryLogger(): { log: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line.trim() !== '') lines.push(JSON.parse(line));
      done();
    },
  });
  return { log: pino({ level: 'debug' }, stream), lines };
}

export interface Harness {
  fake: FakeDiscord;
  db: Db;
  bot: Bot;
  clock: { now: number };
  logs: LogLine[];
  config: Pick<Config, 'token' | 'guildId' | 'apiBase' | 'shards'>;
  guild: GuildFixture;
  owner: string;
  moderator: string;
  /** The six plain members, in roster order when seeded. */
  members: [string, string, string, string, string, string];
  roleHolder: string;
  organiserRole: string;
  channels: { general: string; meetings: string; topics: string };
  /** A slash command in the meetings channel, as the owner unless `as.user` says otherwise. */
  run(
    name: string,
    sub: string,
    options?: Readonly<Record<string, OptionInput>>,
    as?: { user?: string; locale?: string; channelId?: string },
  ): InteractionHandle;
  /** A context for app actions as an organiser of this guild, at the harness clock. */
  organiserCtx(channelId?: string): Ctx;
  actor(userId: string, overrides?: Partial<Actor>): Actor;
  stop(): Promise<void>;
}

const running: Harness[] = [];

/** Stops every harness started by the test (call in afterEach). */
export async function stopHarnesses(): Promise<void> {
  for (const h of running.splice(0).reverse()) await h.stop();
}

export interface HarnessOptions {
  now?: number;
  /** The gateway shards this bot runs (`SHARD_COUNT`, `SHARD_IDS`); default: auto. */
  shards?: ShardPlan;
  db?: Db;
  guilds?: GuildFixture[];
  /** Register commands to the first guild (default) or globally. */
  guildScoped?: boolean;
  fake?: FakeDiscord;
  fakeOptions?: FakeDiscordOptions;
  /** Observers for the bot (metrics). */
  hooks?: BotHooks;
}

/** A fake Discord, a migrated store (the run's engine, unless `options.db`) and the real bot connected to it. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const guilds = options.guilds ?? [podiumGuild()];
  const guild = guilds[0]!;
  const ownFake = options.fake === undefined;
  const clock = { now: options.now ?? START };
  // The fake judges scheduled events by the same simulated clock as the bot.
  const fake =
    options.fake ?? (await startFakeDiscord({ clock: () => clock.now, ...options.fakeOptions, guilds }));
  const db = options.db ?? (await testDb());
  const { log, lines } = memoryLogger();
  const config: Pick<Config, 'token' | 'guildId' | 'apiBase' | 'shards'> = {
    token: 'fake.bot.token.for.tests',
    guildId: options.guildScoped === false ? undefined : guild.id,
    ...(options.shards ? { shards: options.shards } : {}),
    apiBase: fake.apiBase,
  };
  let bot: Bot;
  try {
    bot = await startBot({
      config,
      db,
      log,
      clock: () => clock.now,
      ...(options.hooks ? { hooks: options.hooks } : {}),
    });
  } catch (error) {
    if (ownFake) await fake.close();
    throw error;
  }
  const ids = guild.members.map((m) => m.id);
  const [general, meetings, topics] = guild.channels.map((c) => c.id) as [string, string, string];
  const actor = (userId: string, overrides: Partial<Actor> = {}): Actor => ({
    userId,
    guildId: guild.id,
    channelId: meetings,
    canManage: false,
    roleIds: [],
    ...overrides,
  });
  const h: Harness = {
    fake,
    db,
    bot,
    clock,
    logs: lines,
    config,
    guild,
    owner: ids[0]!,
    moderator: ids[1]!,
    members: ids.slice(2, 8) as Harness['members'],
    roleHolder: ids[8]!,
    organiserRole: guild.roles.find((r) => r.name === 'Organisers')!.id,
    channels: { general, meetings, topics },
    run(name, sub, opts = {}, as = {}) {
      return fake.sendInteraction({
        ...chatInput(name, sub, opts),
        guildId: guild.id,
        channelId: as.channelId ?? meetings,
        user: as.user ?? ids[0]!,
        locale: as.locale ?? 'en-US',
      });
    },
    organiserCtx(channelId = meetings) {
      return { db, now: clock.now, actor: actor(ids[0]!, { canManage: true, channelId }) };
    },
    actor,
    async stop() {
      await bot.stop();
      if (ownFake) await fake.close();
    },
  };
  running.push(h);
  return h;
}

/**
 * Lets the scheduler catch up at the harness clock: the deliveries started by
 * earlier changes, then one tick. Afterwards nothing is due, so the database
 * only changes through what the test does next.
 */
export async function settle(h: Harness): Promise<void> {
  await h.bot.idle();
  await h.bot.scheduler.tick();
  await h.bot.idle();
}

/** The store's tables (SQLite's own aside), by name. */
export async function tableNames(db: Db): Promise<string[]> {
  const rows =
    db.engine === 'sqlite'
      ? await db.all<{ name: string }>(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
      : await db.all<{ name: string }>(
          `SELECT table_name AS name FROM information_schema.tables
           WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
        );
  return rows.map((r) => r.name);
}

/** A snapshot of the whole store (see test/support/snapshot.ts), taken once the scheduler has settled. */
export async function snapshot(h: Harness): Promise<string> {
  await settle(h);
  return storeSnapshot(h.db);
}

/** Whether the database holds exactly what {@link snapshot} saw (without settling first). */
export async function unchangedSince(h: Pick<Harness, 'db'>, before: string): Promise<boolean> {
  return (await storeSnapshot(h.db)) === before;
}

/** A series in the meetings channel (Thursdays 21:00 Shanghai, every two weeks from 2024-08-01) with the six members. */
export async function seedSeries(
  h: Harness,
  opts: { language?: 'en' | 'zh-CN'; topics?: boolean } = {},
): Promise<Series> {
  const boss = h.organiserCtx();
  const { series } = await setupSeries(boss, {
    channelId: h.channels.meetings,
    weekday: 4,
    time: '21:00',
    timezone: TZ,
    everyWeeks: 2,
    start: '2024-08-01',
    language: opts.language ?? 'en',
    name: 'Kernel SIG',
    link: 'https://meet.example/kernel',
    ...(opts.topics ? { topicChannelId: h.channels.topics } : {}),
  });
  for (const id of h.members) await addMember(boss, { userId: id, group: 'Main' });
  return series;
}

export const user = (id: string) => ({ type: ApplicationCommandOptionType.User, value: id });
export const channel = (id: string) => ({ type: ApplicationCommandOptionType.Channel, value: id });
export const role = (id: string) => ({ type: ApplicationCommandOptionType.Role, value: id });

/** The reply of an interaction, checked to be a message (type 4). */
export async function replyOf(
  handle: InteractionHandle,
): Promise<NonNullable<InteractionCallbackBody['data']>> {
  const response = await handle.response;
  expect(response.type).toBe(InteractionResponseType.ChannelMessageWithSource);
  return response.data ?? {};
}

/** An ephemeral reply's content. */
export async function ephemeral(handle: InteractionHandle): Promise<string> {
  const data = await replyOf(handle);
  expect(data.flags, JSON.stringify(data)).toBe(MessageFlags.Ephemeral);
  return textOf(data);
}

/** Content, embed titles and descriptions and fields, joined: what a reader sees. */
export function textOf(body: { content?: unknown; embeds?: unknown[] } | APIMessage): string {
  const embeds = (body.embeds ?? []) as {
    title?: string;
    description?: string;
    fields?: { value: string }[];
  }[];
  return [
    typeof body.content === 'string' ? body.content : '',
    ...embeds.flatMap((e) => [e.title ?? '', e.description ?? '', ...(e.fields ?? []).map((f) => f.value)]),
  ]
    .filter((s) => s !== '')
    .join('\n');
}

/** The message bodies (posts, replies, updates, follow-ups, edits) among the recorded requests. */
export function messageBodies(
  requests: readonly RecordedRequest[],
): { request: RecordedRequest; body: Record<string, unknown> }[] {
  const out: { request: RecordedRequest; body: Record<string, unknown> }[] = [];
  for (const request of requests) {
    const body = request.body as Record<string, unknown> | undefined;
    if (!body) continue;
    if (request.method === 'POST' && /^\/channels\/\d+\/messages$/.test(request.path))
      out.push({ request, body });
    else if (/^\/webhooks\//.test(request.path) && (request.method === 'POST' || request.method === 'PATCH'))
      out.push({ request, body });
    else if (/\/callback$/.test(request.path)) {
      const type = body.type;
      if (
        type === InteractionResponseType.ChannelMessageWithSource ||
        type === InteractionResponseType.UpdateMessage
      ) {
        out.push({ request, body: (body.data ?? {}) as Record<string, unknown> });
      }
    }
  }
  return out;
}

/**
 * Every message body sent so far has `allowed_mentions` with an empty `parse`,
 * and pings only users in `users` and roles in `roles` (when given).
 */
export function expectSafeMentions(
  fake: FakeDiscord,
  allowed: { users?: readonly string[]; roles?: readonly string[] } = {},
): number {
  const bodies = messageBodies(fake.requests);
  for (const { request, body } of bodies) {
    const where = `${request.method} ${request.path}: ${JSON.stringify(body).slice(0, 300)}`;
    const mentions = body.allowed_mentions as
      | { parse?: unknown; users?: string[]; roles?: string[] }
      | undefined;
    expect(mentions, where).toBeDefined();
    expect(mentions?.parse, where).toEqual([]);
    for (const id of mentions?.users ?? []) expect(allowed.users ?? [id], where).toContain(id);
    for (const id of mentions?.roles ?? []) expect(allowed.roles ?? [], where).toContain(id);
  }
  return bodies.length;
}

/** Posts in a channel made by the bot outside interactions (scheduler notices, capture replies). */
export function posts(fake: FakeDiscord, channelId: string): RecordedRequest[] {
  return fake.requestsMatching('POST', new RegExp(`^/channels/${channelId}/messages$`));
}
