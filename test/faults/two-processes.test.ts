/**
 * Two Podium processes (`npm start` from source, two real child processes) on
 * one SQLite file: the first holds the delivery lease and posts, the second
 * says once that it stands by and posts nothing; every interaction is applied
 * and answered once. The holder is killed with SIGKILL in the middle of a send
 * that Discord carried out: the standby takes the lease over when it expires,
 * finds that post instead of repeating it, and delivers what is due within
 * 10 seconds of the kill. Real time here, since the lease expires in real time.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.ts';
import { ephemeral, podiumGuild } from '../e2e/harness.ts';
import {
  chatInput,
  type FakeDiscord,
  type GuildFixture,
  INTERACTION_CALLBACK,
  MESSAGE_POST,
  startFakeDiscord,
} from '../fake-discord/server.ts';
import { tempDir } from '../support/db.ts';
import {
  killAll,
  type PodiumProcess,
  seedSeriesFile,
  spawnPodium,
  until,
} from '../support/podium-process.ts';

const DAY = 86_400_000;

let fake: FakeDiscord | undefined;
const running: PodiumProcess[] = [];
let cleanup = () => {};
afterEach(async () => {
  await killAll(running);
  await fake?.close();
  fake = undefined;
  cleanup();
});

/** `src/main.ts` as `npm start` runs it, logging JSON lines at debug level. */
function startPodium(env: Record<string, string>): PodiumProcess {
  // PORT=0: each process's web server on a free port of its own.
  const p = spawnPodium({
    ...process.env,
    LOG_LEVEL: 'debug',
    PORT: '0',
    DISCORD_TOKEN: 'two-processes-token'.padEnd(40, 'x'),
    ...env,
  });
  running.push(p);
  return p;
}

const logged = (p: PodiumProcess, prefix: string) => p.lines.filter((l) => l.msg.startsWith(prefix));
const STANDING_BY = 'another process holds the delivery lease';
const HOLDING = 'delivery lease held';

/** A fortnightly series in the meetings channel, first meeting a week from now; returns its meeting dates. */
async function seed(path: string, guild: GuildFixture): Promise<string[]> {
  const first = await seedSeriesFile(path, guild, { daysAhead: 7, name: 'Two processes SIG' });
  return [0, 1, 2].map((i) => new Date(first.getTime() + i * 14 * DAY).toISOString().slice(0, 10));
}

/** Posts due and not yet sent (scheduled events aside), read from the shared file. */
async function duePosts(path: string): Promise<number> {
  const db = await openStore(path);
  try {
    const row = await db.get<{ n: number }>(
      `SELECT count(*) AS n FROM outbox WHERE state = 'pending' AND kind != 'event:sync' AND next_attempt_at <= ?`,
      [Date.now()],
    );
    return row!.n;
  } finally {
    await db.close();
  }
}

describe('two Podium processes on one database file', () => {
  it('one delivers, the other stands by; SIGKILL the holder and the standby delivers within 10 s, every post once', async () => {
    const guild = podiumGuild();
    fake = await startFakeDiscord({ guilds: [guild] });
    const t = tempDir();
    cleanup = t.cleanup;
    const path = join(t.dir, 'podium.db');
    const dates = await seed(path, guild);
    const meetings = guild.channels[1]!.id;
    const env = { DATABASE_PATH: path, DISCORD_API_BASE: fake.apiBase, DISCORD_GUILD_ID: guild.id };

    const holder = startPodium(env);
    await until('the first process to hold the lease', () => logged(holder, HOLDING).length > 0, [holder]);
    const standby = startPodium(env);
    const both = [holder, standby];
    await until('the second process to stand by', () => logged(standby, STANDING_BY).length > 0, both);
    await until('both to log in', () => both.every((p) => logged(p, 'logged in').length > 0), both);

    const skip = (date: string) =>
      fake!.sendInteraction({
        ...chatInput('meeting', 'skip', { meeting: date, reason: 'Holiday' }),
        guildId: guild.id,
        channelId: meetings,
        user: guild.members[0]!.id,
      });
    // A change through either process: answered once, its notice posted by the holder.
    expect(await ephemeral(skip(dates[0]!))).toContain('is cancelled');
    await until('the first notice', () => fake!.messages(meetings).length >= 1, both);
    await until('nothing left to post', async () => (await duePosts(path)) === 0, both);

    // The holder's next post reaches Discord, but the answer never comes: it dies during the send.
    fake.failNext({ method: 'POST', path: MESSAGE_POST, status: 'hang', applied: true });
    const postsBefore = fake.requestsMatching('POST', MESSAGE_POST).length;
    expect(await ephemeral(skip(dates[1]!))).toContain('is cancelled');
    await until(
      'the hanging post',
      () => fake!.requestsMatching('POST', MESSAGE_POST).length > postsBefore,
      both,
    );
    const inDoubt = fake.messages(meetings).length;
    holder.proc.kill('SIGKILL');
    await holder.exit;
    const killedAt = Date.now();

    // A change after the kill: only the standby is left to apply it, and it delivers once the lease is its.
    expect(await ephemeral(skip(dates[2]!))).toContain('is cancelled');
    await until('the standby to post', () => fake!.messages(meetings).length > inDoubt, [standby], 20_000);
    const deliveredAt = Date.now();
    expect(deliveredAt - killedAt).toBeLessThanOrEqual(10_000);
    // (The post shows in Discord a moment before the row is marked sent.)
    await until('the standby to mark what it posted', async () => (await duePosts(path)) === 0, [standby]);
    // (Its log lines may reach the pipe a moment after the post.)
    await until('the standby to log the takeover', () => logged(standby, HOLDING).length > 0, [standby]);
    await until(
      'the standby to log the post it found',
      () => logged(standby, 'in-doubt post found').length > 0,
      [standby],
    );
    expect(logged(standby, HOLDING)).toHaveLength(1);
    expect(logged(standby, STANDING_BY)).toHaveLength(1);

    // Every post once: one message per outbox row, each posted once (the in-doubt one found, not re-sent).
    const shown = fake.messages(meetings);
    const nonces = shown.map((m) => String(m.nonce));
    expect(new Set(nonces).size).toBe(nonces.length);
    for (const nonce of nonces) {
      const posts = fake
        .requestsMatching('POST', MESSAGE_POST)
        .filter((r) => String((r.body as { nonce?: unknown }).nonce) === nonce);
      expect(posts).toHaveLength(1);
    }
    expect(logged(standby, 'in-doubt post found')).toHaveLength(1);
    expect(logged(holder, 'posted').length).toBeGreaterThanOrEqual(1);
    const db = await openStore(path);
    const sent = await db.all<{ id: number; message_id: string }>(
      `SELECT id, message_id FROM outbox WHERE state = 'sent' AND target NOT IN ('event')`,
    );
    await db.close();
    expect(sent.map((r) => String(r.id)).sort()).toEqual([...nonces].sort());

    // Every interaction answered once.
    const perInteraction = new Map<string, number>();
    for (const c of fake.requestsMatching('POST', INTERACTION_CALLBACK)) {
      const id = c.path.split('/')[2]!;
      perInteraction.set(id, (perInteraction.get(id) ?? 0) + 1);
    }
    expect([...perInteraction.values()]).toEqual([1, 1, 1]);
  }, 90_000);
});
