/**
 * `npm start` split by `ROLES` (README, "Running at scale"): real processes
 * from source over one SQLite file against the fake Discord. A gateway-only
 * process answers interactions and delivers nothing; a deliverer-only process
 * posts a due reminder over REST without ever opening a gateway session, and
 * posts the notice of a change made through a gateway-only process; a
 * web-only process serves /healthz with no token and no Discord at all.
 * All three roles in one process is `npm start` as before (test/main.test.ts,
 * test/e2e/shard-processes.test.ts).
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.ts';
import { planAhead } from '../../src/scheduler/plan-ahead.ts';
import type { Db } from '../../src/store/db.ts';
import { openStore } from '../../src/store/open-store.ts';
import { dueRows, getOutbox } from '../../src/store/outbox.ts';
import {
  chatInput,
  type FakeDiscord,
  type GuildFixture,
  MESSAGE_POST,
  startFakeDiscord,
} from '../fake-discord/server.ts';
import { tempDir } from '../support/db.ts';
import { killAll, type PodiumProcess, seedSeriesFile, spawnPodium } from '../support/podium-process.ts';
import { ephemeral, podiumGuild } from './harness.ts';

let fake: FakeDiscord | undefined;
const running: PodiumProcess[] = [];
let cleanup = () => {};
afterEach(async () => {
  await killAll(running);
  await fake?.close();
  fake = undefined;
  cleanup();
});

const TOKEN = 'roles-test-token'.padEnd(40, 'x');

/** `src/main.ts` as `npm start` runs it (from source), with the given roles (`undefined`: ROLES unset). */
function startRoles(roles: string | undefined, env: Record<string, string>): PodiumProcess {
  const { ROLES: _inherited, ...inherited } = process.env;
  const p = spawnPodium({
    ...inherited,
    ...(roles === undefined ? {} : { ROLES: roles }),
    DISCORD_TOKEN: TOKEN,
    DISCORD_GUILD_ID: '',
    DISCORD_API_BASE: '',
    LOG_LEVEL: 'debug',
    SHARD_COUNT: '',
    SHARD_IDS: '',
    PORT: '0',
    PUBLIC_URL: '',
    ...env,
  });
  running.push(p);
  return p;
}

/** Waits for `check`; fails at once if `watched` exits meanwhile. */
async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  watched?: PodiumProcess,
  timeoutMs = 30_000,
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (watched?.exited) throw new Error(`The process exited while waiting for ${what}:\n${watched.stderr}`);
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const logged = (p: PodiumProcess, msg: string) => p.lines.some((l) => l.msg === msg);

/** Stops the process as an operator would, and waits for its exit code (all its log flushed by then). */
async function stopped(p: PodiumProcess): Promise<number | null> {
  p.proc.kill('SIGTERM');
  return p.exit;
}

/**
 * A series in the guild's meetings channel whose first meeting is tomorrow
 * evening (UTC), planned now: its first reminders are already due, and still
 * useful. Returns the outbox rows due now (id and channel).
 */
async function seedDue(path: string, guild: GuildFixture): Promise<{ id: number; channelId: string }[]> {
  let due: { id: number; channelId: string }[] = [];
  await seedSeriesFile(
    path,
    guild,
    { daysAhead: 1, name: `Series of ${guild.name}`, topics: true },
    async (db, now) => {
      await planAhead(db, now, silentLogger());
      due = (await dueRows(db, now, 100)).map((r) => ({ id: r.id, channelId: r.channelId }));
    },
  );
  return due;
}

/** Whether every row of `due` is marked sent. */
async function allSent(db: Db, due: readonly { id: number }[]): Promise<boolean> {
  for (const row of due) if ((await getOutbox(db, row.id))?.state !== 'sent') return false;
  return true;
}

describe('ROLES', () => {
  it('gateway only: answers an interaction, and neither delivers nor takes the delivery lease', async () => {
    const guild = podiumGuild(0);
    fake = await startFakeDiscord({ guilds: [guild] });
    const t = tempDir();
    cleanup = t.cleanup;
    const path = join(t.dir, 'podium.db');
    const due = await seedDue(path, guild);
    expect(due.length).toBeGreaterThan(0);

    const p = startRoles('gateway', { DATABASE_PATH: path, DISCORD_API_BASE: fake.apiBase });
    await until('the process to log in', () => logged(p, 'logged in'), p);
    const show = fake.sendInteraction({
      ...chatInput('meeting', 'show'),
      guildId: guild.id,
      channelId: guild.channels[1]!.id,
    });
    expect(await ephemeral(show)).toContain(`Series of ${guild.name}`);
    expect(fake.gatewayStats.identifies).toBe(1);
    expect(await stopped(p)).toBe(0);

    // No scheduler ran in it: nothing posted, the due rows still pending, no web server either.
    expect(logged(p, 'scheduler started')).toBe(false);
    expect(logged(p, 'web server listening')).toBe(false);
    expect(fake.requestsMatching('POST', MESSAGE_POST)).toEqual([]);
    const db = await openStore(path);
    for (const row of due) expect((await getOutbox(db, row.id))?.state).toBe('pending');
    await db.close();
  }, 60_000);

  it('deliverer only: posts the due reminder over REST and never opens a gateway session', async () => {
    const guild = podiumGuild(0);
    fake = await startFakeDiscord({ guilds: [guild] });
    const t = tempDir();
    cleanup = t.cleanup;
    const path = join(t.dir, 'podium.db');
    const due = await seedDue(path, guild);
    expect(due.length).toBeGreaterThan(0);

    const p = startRoles('deliverer', { DATABASE_PATH: path, DISCORD_API_BASE: fake.apiBase });
    const post = await fake.waitForRequest((r) => r.method === 'POST' && MESSAGE_POST.test(r.path), 30_000);
    expect(post.headers.authorization).toBe(`Bot ${TOKEN}`);
    await until('the lease to be held', () => logged(p, 'delivery lease held: this process delivers'), p);
    const db = await openStore(path);
    await until('every due row to be sent', () => allSent(db, due), p);
    // Each due reminder is in its channel in Discord, once.
    for (const row of due) {
      const messageId = (await getOutbox(db, row.id))?.messageId;
      expect(fake.messages(row.channelId).filter((m) => m.id === messageId)).toHaveLength(1);
    }
    await db.close();
    expect(await stopped(p)).toBe(0);

    expect(fake.gatewayStats).toMatchObject({ connections: 0, identifies: 0 });
    expect(fake.gatewaySessions()).toEqual([]);
    expect(logged(p, 'logged in')).toBe(false);
    expect(logged(p, 'web server listening')).toBe(false);
    // Nor does it register commands: that is the gateway's.
    expect(fake.requestsMatching('PUT', /\/applications\/\d+\/commands$/)).toEqual([]);
  }, 60_000);

  it('gateway and deliverer in two processes: a change made through the gateway is posted by the deliverer', async () => {
    const guild = podiumGuild(0);
    fake = await startFakeDiscord({ guilds: [guild] });
    const t = tempDir();
    cleanup = t.cleanup;
    const path = join(t.dir, 'podium.db');
    const due = await seedDue(path, guild);
    const env = { DATABASE_PATH: path, DISCORD_API_BASE: fake.apiBase };
    const deliverer = startRoles('deliverer', env);
    const gateway = startRoles('gateway', env);
    await until('the gateway to log in', () => logged(gateway, 'logged in'), gateway);
    const db = await openStore(path);
    await until('the due rows to be sent', () => allSent(db, due), deliverer);
    await db.close();

    const meeting = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const skip = fake.sendInteraction({
      ...chatInput('meeting', 'skip', { meeting, reason: 'Roles holiday' }),
      guildId: guild.id,
      channelId: guild.channels[1]!.id,
    });
    await ephemeral(skip);
    const notice = await fake.waitForRequest(
      (r) =>
        r.method === 'POST' && MESSAGE_POST.test(r.path) && JSON.stringify(r.body).includes('Roles holiday'),
      30_000,
    );
    expect(notice.path).toBe(`/channels/${guild.channels[1]!.id}/messages`);
    expect(await stopped(gateway)).toBe(0);
    expect(await stopped(deliverer)).toBe(0);
    // The gateway process posted nothing: it ran no scheduler; the deliverer opened no gateway session.
    expect(logged(gateway, 'scheduler started')).toBe(false);
    expect(logged(deliverer, 'logged in')).toBe(false);
    expect(fake.gatewayStats.identifies).toBe(1);
  }, 90_000);

  it('web only: serves /healthz without a token, a gateway or any request to Discord', async () => {
    fake = await startFakeDiscord({ guilds: [podiumGuild(0)] });
    const t = tempDir();
    cleanup = t.cleanup;
    const path = join(t.dir, 'podium.db');
    await seedDue(path, podiumGuild(0));

    const p = startRoles('web', { DATABASE_PATH: path, DISCORD_API_BASE: fake.apiBase, DISCORD_TOKEN: '' });
    await until('the web server', () => logged(p, 'web server listening'), p);
    const url = p.lines.find((l) => l.msg === 'web server listening')?.url as string;
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    const body = (await health.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 'ok', database: { ok: true } });
    expect(body).not.toHaveProperty('gateway');
    expect(await stopped(p)).toBe(0);

    expect(logged(p, 'scheduler started')).toBe(false);
    expect(fake.gatewayStats.connections).toBe(0);
    expect(fake.requests).toEqual([]);
  }, 60_000);

  it('unset: all three in one process, as npm start has always run', async () => {
    const guild = podiumGuild(0);
    fake = await startFakeDiscord({ guilds: [guild] });
    const t = tempDir();
    cleanup = t.cleanup;
    const path = join(t.dir, 'podium.db');
    const due = await seedDue(path, guild);
    expect(due.length).toBeGreaterThan(0);

    const p = startRoles(undefined, { DATABASE_PATH: path, DISCORD_API_BASE: fake.apiBase });
    await until('the process to log in', () => logged(p, 'logged in'), p);
    const show = fake.sendInteraction({
      ...chatInput('meeting', 'show'),
      guildId: guild.id,
      channelId: guild.channels[1]!.id,
    });
    expect(await ephemeral(show)).toContain(`Series of ${guild.name}`);
    const db = await openStore(path);
    await until('every due row to be sent', () => allSent(db, due), p);
    await db.close();
    const url = p.lines.find((l) => l.msg === 'web server listening')?.url as string;
    const body = (await (await fetch(`${url}/healthz`)).json()) as Record<string, unknown>;
    // With the gateway in the process, its health is part of the answer.
    expect(body).toMatchObject({ status: 'ok', gateway: { ok: true } });
    expect(await stopped(p)).toBe(0);
    expect(fake.gatewayStats.identifies).toBe(1);
  }, 60_000);

  it('refuses an unknown role before opening the database', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const p = startRoles('gateway,scheduler', { DATABASE_PATH: join(t.dir, 'podium.db') });
    expect(await p.exit).toBe(1);
    expect(p.stderr).toContain('ROLES: unknown role "scheduler"');
    expect(p.stderr).not.toMatch(/\n\s+at /);
  }, 30_000);
});
