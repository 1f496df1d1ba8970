/**
 * Exactly once past Discord's dedup window. A send whose outcome is unknown
 * (the process was killed during it, or it ended in a 5xx or a time-out after
 * Discord created the message) is looked up in the channel before it is sent
 * again, so a retry long after the nonce is forgotten still posts nothing
 * twice. The fake Discord shares the test's simulated clock, forgets nonces
 * after its window, and returns no nonce when messages are fetched.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { REST } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.ts';
import { DiscordEventMirror } from '../../src/poster/discord-events.ts';
import { DiscordPoster } from '../../src/poster/discord-poster.ts';
import { deliverDue } from '../../src/scheduler/deliver.ts';
import { planAhead } from '../../src/scheduler/plan-ahead.ts';
import { openStore } from '../../src/store/open-store.ts';
import { outboxOfSeries } from '../../src/store/outbox.ts';
import { type FakeDiscord, MESSAGE_POST, startFakeDiscord } from '../fake-discord/server.ts';
import { at, CHANNEL, GUILD, tempDir, testDb } from '../support/db.ts';
import { podiumGuildFixture } from '../support/fixtures.ts';
import { seedSeries } from '../support/season.ts';

const TZ = 'Asia/Shanghai';
const START = at('2024-07-20 12:00', TZ);
/** The first title request of the season is due then, alone. */
const DUE = at('2024-07-30 21:00', TZ);
const MINUTE = 60_000;
const child = new URL('./deliver-child.ts', import.meta.url).pathname;

let fake: FakeDiscord | undefined;
let cleanup = () => {};
afterEach(async () => {
  await fake?.close();
  fake = undefined;
  cleanup();
});

const season = { timezone: TZ, weekday: 4, time: '21:00', everyWeeks: 2, start: '2024-08-01', size: 8 };

function runChild(path: string, apiBase: string, now: number): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', child, path, apiBase, String(now)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function exited(proc: ChildProcess): Promise<{ code: number | null; stderr: string }> {
  let stderr = '';
  proc.stderr?.on('data', (d) => {
    stderr += String(d);
  });
  return new Promise((resolve) => proc.once('exit', (code) => resolve({ code, stderr })));
}

describe('in-doubt sends are resolved in Discord, not repeated', () => {
  for (const downtime of [10 * MINUTE, 120 * MINUTE]) {
    it(`killed between create and mark, restarted ${downtime / MINUTE} minutes later: one message`, async () => {
      const t = tempDir();
      cleanup = t.cleanup;
      const clock = { now: DUE };
      // Discord's window (5 minutes here) is over by the restart either way.
      fake = await startFakeDiscord({
        guilds: [podiumGuildFixture()],
        clock: () => clock.now,
        nonceWindowMs: 5 * MINUTE,
      });
      const path = join(t.dir, 'podium.db');
      const db = await openStore(path);
      await seedSeries(db, START, season);
      await planAhead(db, START, silentLogger());
      await db.close();

      // Discord creates the message and the answer never comes; the process is killed meanwhile.
      fake.failNext({ method: 'POST', path: MESSAGE_POST, status: 'hang', applied: true });
      const first = runChild(path, fake.apiBase, DUE);
      const firstExit = exited(first);
      await fake.waitForRequest((r) => r.method === 'POST' && MESSAGE_POST.test(r.path), 20_000);
      first.kill('SIGKILL');
      await firstExit;
      expect(fake.messages(CHANNEL)).toHaveLength(1);

      clock.now = DUE + downtime;
      const second = await exited(runChild(path, fake.apiBase, clock.now));
      expect(second.stderr).toBe('');
      expect(second.code).toBe(0);

      const shown = fake.messages(CHANNEL);
      expect(shown).toHaveLength(1);
      // Not sent again: the one POST is the killed one; the restart listed the channel instead.
      expect(fake.requestsMatching('POST', MESSAGE_POST)).toHaveLength(1);
      const lookups = fake.requestsMatching('GET', MESSAGE_POST);
      expect(lookups.length).toBeGreaterThanOrEqual(1);
      expect(lookups[0]!.query.after).toBeDefined();
      const after = await openStore(path);
      const request = (await outboxOfSeries(after, 1)).find(
        (r) => r.kind === 'title_request' && r.dueAt === DUE,
      );
      expect(request).toMatchObject({ state: 'sent', messageId: shown[0]!.id, inDoubt: false });
      await after.close();
    }, 60_000);
  }

  for (const fault of ['5xx', 'time-out'] as const) {
    it(`${fault} after Discord created the message, retried after the dedup window: one message`, async () => {
      const clock = { now: DUE };
      fake = await startFakeDiscord({
        guilds: [podiumGuildFixture()],
        clock: () => clock.now,
        nonceWindowMs: 1000,
      });
      const db = await testDb();
      await seedSeries(db, START, season);
      const log = silentLogger();
      await planAhead(db, START, log);
      fake.failNext({
        method: 'POST',
        path: MESSAGE_POST,
        status: fault === '5xx' ? 500 : 'hang',
        applied: true,
      });
      // No retries inside discord.js: the bot's own retry, seconds later, is the one that counts.
      const rest = new REST({ api: fake.apiBase, retries: 0, timeout: 300 }).setToken('in-doubt-token');
      const deps = { db, poster: new DiscordPoster(rest), log };

      const failed = await deliverDue(deps, DUE);
      expect(failed).toMatchObject({ sent: 0, retried: 1 });
      const row = (await outboxOfSeries(db, 1)).find((r) => r.kind === 'title_request' && r.dueAt === DUE)!;
      expect(row).toMatchObject({ state: 'pending', inDoubt: true, attemptAt: DUE });

      // The retry lands after the window: a plain resend would be a second message.
      clock.now = row.nextAttemptAt;
      expect(clock.now - DUE).toBeGreaterThan(1000);
      const retried = await deliverDue(deps, clock.now);
      expect(retried).toMatchObject({ sent: 1, found: 1 });
      expect(fake.messages(CHANNEL)).toHaveLength(1);
      expect(fake.requestsMatching('POST', MESSAGE_POST)).toHaveLength(1);
      expect((await outboxOfSeries(db, 1)).find((r) => r.id === row.id)).toMatchObject({
        state: 'sent',
        messageId: fake.messages(CHANNEL)[0]!.id,
      });
    });
  }

  it('an in-doubt send that never reached Discord is looked up, not found, and sent once', async () => {
    const clock = { now: DUE };
    fake = await startFakeDiscord({
      guilds: [podiumGuildFixture()],
      clock: () => clock.now,
      nonceWindowMs: 1000,
    });
    const db = await testDb();
    await seedSeries(db, START, season);
    const log = silentLogger();
    await planAhead(db, START, log);
    // The request is refused before Discord does anything, but the answer is a 500: in doubt, not created.
    fake.failNext({ method: 'POST', path: MESSAGE_POST, status: 500 });
    const rest = new REST({ api: fake.apiBase, retries: 0, timeout: 1000 }).setToken('in-doubt-token');
    const deps = { db, poster: new DiscordPoster(rest), log };
    await deliverDue(deps, DUE);
    expect(fake.messages(CHANNEL)).toHaveLength(0);
    clock.now = DUE + 10 * MINUTE;
    expect(await deliverDue(deps, clock.now)).toMatchObject({ sent: 1, found: 0 });
    expect(fake.messages(CHANNEL)).toHaveLength(1);
    expect(fake.requestsMatching('GET', MESSAGE_POST)).toHaveLength(1);
  });

  it('an event create whose answer was lost is found among the guild’s events, not created again', async () => {
    // The fake refuses events in the past: its clock (and ours) is set ahead of the meetings.
    const now = at('2031-01-06 09:00', 'Europe/Berlin');
    const clock = { now };
    fake = await startFakeDiscord({ guilds: [podiumGuildFixture()], clock: () => clock.now });
    const db = await testDb();
    await seedSeries(db, now, {
      timezone: 'Europe/Berlin',
      weekday: 4,
      time: '19:00',
      everyWeeks: 1,
      start: '2031-01-09',
      size: 4,
    });
    const log = silentLogger();
    await planAhead(db, now, log);
    const rest = new REST({ api: fake.apiBase, retries: 0, timeout: 300 }).setToken('in-doubt-token');
    const events = new DiscordEventMirror(rest, async () => new Map());
    const deps = { db, poster: new DiscordPoster(rest), log, events };
    fake.failNext({ method: 'POST', path: /scheduled-events$/, status: 500, applied: true });
    fake.failNext({ method: 'POST', path: /scheduled-events$/, status: 'hang', applied: true });
    await deliverDue(deps, now);
    // Every create reached Discord; two of them look failed to the bot.
    const all = (await outboxOfSeries(db, 1)).filter((r) => r.kind === 'event:sync');
    expect(fake.scheduledEvents(GUILD)).toHaveLength(all.length);
    expect(all.filter((r) => r.state === 'pending' && r.inDoubt)).toHaveLength(2);
    // Retried until every event is in: the two lost creates were found, not repeated.
    for (let i = 0; i < 10; i += 1) {
      const next = (await outboxOfSeries(db, 1)).filter(
        (r) => r.kind === 'event:sync' && r.state === 'pending',
      );
      if (next.length === 0) break;
      clock.now = Math.max(clock.now, ...next.map((r) => r.nextAttemptAt));
      await deliverDue(deps, clock.now);
    }
    const mirrored = (await outboxOfSeries(db, 1)).filter((r) => r.kind === 'event:sync');
    expect(mirrored.every((r) => r.state === 'sent')).toBe(true);
    expect(fake.scheduledEvents(GUILD)).toHaveLength(mirrored.length);
    expect(fake.requestsMatching('POST', /scheduled-events$/)).toHaveLength(mirrored.length);
    expect(fake.requestsMatching('GET', /scheduled-events$/).length).toBeGreaterThanOrEqual(1);
    const ids = await db.all<{ event_id: string }>('SELECT event_id FROM event_mirrors');
    expect(new Set(ids.map((r) => r.event_id)).size).toBe(mirrored.length);
  });
});
