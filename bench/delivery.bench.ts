/**
 * Issue #6, item 3, through the fake Discord (HTTP on 127.0.0.1, discord.js
 * REST as in production): how late single reminders are with the real
 * per-second heartbeat, and how long 1,000 reminders due at one instant
 * across 100 guilds take against the floor set by Discord's global limit of
 * 50 requests per second.
 */
import { REST } from 'discord.js';
import { silentLogger } from '../src/log.ts';
import { DiscordPoster } from '../src/poster/discord-poster.ts';
import { deliverDue } from '../src/scheduler/deliver.ts';
import { startScheduler } from '../src/scheduler/scheduler.ts';
import type { Db } from '../src/store/db.ts';
import { StoreLease } from '../src/store/lease.ts';
import { openStore } from '../src/store/open-store.ts';
import { enqueue } from '../src/store/outbox.ts';
import { type GuildFixture, startFakeDiscord } from '../test/fake-discord/server.ts';
import { channelOf, guildOf, seedSeries } from './seed.ts';
import { fmt, percentile, type Row, verdict } from './stats.ts';

const GUILDS = 100;

function guilds(): GuildFixture[] {
  return Array.from({ length: GUILDS }, (_, i) => ({
    id: guildOf(i + 1, 1),
    name: `Guild ${i + 1}`,
    ownerId: '300000000000000001',
    channels: [{ id: channelOf(i + 1), name: 'meetings' }],
    roles: [],
    members: [],
  }));
}

/** A change notice due at `dueAt` in series `s`: one post, no reminders' rules involved. */
async function notice(db: Db, s: number, n: number, dueAt: number, now: number): Promise<void> {
  await enqueue(
    db,
    {
      seriesId: s,
      meetingId: null,
      kind: 'notice:pause',
      target: `bench:${n}`,
      channelId: channelOf(s),
      dueAt,
      data: { from: '2099-01-01', until: '2099-01-02', reason: null, cancelled: [] },
    },
    now,
  );
}

async function burst(
  latencyMs: number,
): Promise<{ totalMs: number; peak: number; exceeded: number; sent: number }> {
  const fake = await startFakeDiscord({
    guilds: guilds(),
    rateLimitPerSecond: 50,
    latency: latencyMs > 0 ? [{ method: 'POST', path: /^\/channels\/\d+\/messages$/, ms: latencyMs }] : [],
  });
  const db = await openStore(':memory:');
  const now = Date.now();
  await seedSeries(db, GUILDS, now, { perGuild: 1 });
  for (let i = 0; i < 1000; i += 1) await notice(db, 1 + (i % GUILDS), i, now, now);
  const rest = new REST({ api: fake.apiBase, timeout: 5000 }).setToken('bench-token');
  const deps = { db, poster: new DiscordPoster(rest), log: silentLogger() };
  const t0 = Date.now();
  let sent = 0;
  for (;;) {
    const report = await deliverDue(deps, Date.now());
    sent += report.sent;
    if (report.sent + report.retried + report.failed === 0) break;
  }
  const totalMs = Date.now() - t0;
  const { peakPerSecond: peak, exceeded } = fake.globalRateLimit;
  await db.close();
  await fake.close();
  return { totalMs, peak, exceeded, sent };
}

async function lateness(): Promise<number[]> {
  const fake = await startFakeDiscord({ guilds: guilds().slice(0, 10) });
  const db = await openStore(':memory:');
  const start = Date.now();
  await seedSeries(db, 10, start, { perGuild: 1 });
  // 60 single reminders, 0.2 s to 1 s apart, over about 40 s of real time.
  const due: number[] = [];
  let at = start + 1500;
  for (let i = 0; i < 60; i += 1) {
    due.push(at);
    await notice(db, 1 + (i % 10), i, at, start);
    at += 200 + ((i * 37) % 9) * 100;
  }
  const rest = new REST({ api: fake.apiBase, timeout: 5000 }).setToken('bench-token');
  const scheduler = await startScheduler({
    db,
    poster: new DiscordPoster(rest),
    log: silentLogger(),
    lease: new StoreLease(db, { holder: 'bench', clock: Date.now }),
  });
  const until = Math.max(...due) + 3000;
  while (Date.now() < until) await new Promise((r) => setTimeout(r, 200));
  await scheduler.stop();
  const arrived = fake
    .requestsMatching('POST', /\/channels\/\d+\/messages$/)
    .map((r) => ({ nonce: (r.body as { nonce: string }).nonce, at: r.at }));
  const dueById = new Map(
    (
      await db.all<{ id: number; due_at: number }>(
        `SELECT id, due_at FROM outbox WHERE target LIKE 'bench:%'`,
      )
    ).map((r) => [String(r.id), r.due_at]),
  );
  await db.close();
  await fake.close();
  return arrived.filter((a) => dueById.has(a.nonce)).map((a) => a.at - dueById.get(a.nonce)!);
}

export async function benchDelivery(): Promise<Row[]> {
  const late = await lateness();
  const floor = 1000 / 50;
  const rows: Row[] = [];
  const p99 = percentile(late, 99);
  rows.push({
    measure: `lateness of single reminders (n = ${late.length}): p50 / p99`,
    value: `${fmt(percentile(late, 50))} / ${fmt(p99)}`,
    target: 'p99 < 1.5 s',
    verdict: verdict(p99 < 1500 && late.length === 60),
  });
  for (const latencyMs of [0, 100]) {
    const b = await burst(latencyMs);
    const ratio = b.totalMs / 1000 / floor;
    const where = latencyMs > 0 ? `, ${latencyMs} ms added to each create` : ', no added latency';
    rows.push(
      {
        measure: `1,000 reminders due at once, 100 guilds${where}: total (${b.sent} sent)`,
        value: fmt(b.totalMs),
        target: `floor ${floor} s at 50 req/s`,
        verdict: '',
      },
      {
        measure: `burst total / floor${where}`,
        value: `${ratio.toFixed(3)}×`,
        target: '≤ 1.1×',
        verdict: verdict(ratio <= 1.1 && b.sent === 1000),
      },
      {
        measure: `peak requests in one second / over the limit${where}`,
        value: `${b.peak} / ${b.exceeded}`,
        target: '≤ 50 / 0',
        verdict: verdict(b.peak <= 50 && b.exceeded === 0),
      },
    );
  }
  return rows;
}
