/**
 * Issue #12: the season on the web, over a real socket on 127.0.0.1. The
 * season page of a series with a year of meetings (26 held fortnightly, 8
 * ahead; every past talk titled and summarised, 30 named members) beside a
 * trivial route of the same server in the same run; the calendar feed with
 * and without a matching ETag (a polling calendar app, and a first fetch).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shareSeries } from '../src/app/shareSeries.ts';
import { silentLogger } from '../src/log.ts';
import { saveNames } from '../src/store/member-names.ts';
import { openStore } from '../src/store/open-store.ts';
import { setSlotTitle } from '../src/store/slots.ts';
import { startWebServer } from '../src/web/server.ts';
import { channelOf, guildOf, memberOf, seedSeries } from './seed.ts';
import { fmt, percentile, type Row, timeAsync, verdict } from './stats.ts';

// Late June: the page shows the half-year's dozen meetings held, as at the end of a season.
const NOW = Date.parse('2026-06-22T00:00:00Z');
const MEMBERS = 30;
const CONCURRENCY = 8;

/** `total` requests from `CONCURRENCY` clients at once: requests per second and per-request latencies. */
async function load(
  total: number,
  request: () => Promise<void>,
): Promise<{ rps: number; p50: number; p99: number }> {
  const samples: number[] = [];
  let left = total;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (left > 0) {
        left -= 1;
        samples.push(await timeAsync(request));
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { rps: total / seconds, p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

async function get(url: string, headers: Record<string, string> = {}, status = 200): Promise<void> {
  const res = await fetch(url, { headers });
  await res.arrayBuffer();
  if (res.status !== status) throw new Error(`${url}: ${res.status}, expected ${status}`);
}

export async function benchWeb(): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'podium-bench-web-'));
  const db = await openStore(join(dir, 'web.db'));
  try {
    await seedSeries(db, 1, NOW, { members: MEMBERS, past: 26, perGuild: 1 });
    await db.run(
      `UPDATE slots SET title = 'A talk about ' || id || ': what we measured, and what we learnt'`,
    );
    const held = await db.all<{ id: number; starts_at: number }>(
      'SELECT id, starts_at FROM meetings WHERE starts_at < ?',
      [NOW],
    );
    const body = `${'The talk, the questions after it, and the next steps. '.repeat(12)}\n\n${'Links and notes. '.repeat(10)}`;
    for (const m of held)
      await db.run(
        'INSERT INTO minutes (meeting_id, author_id, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
        [m.id, memberOf(1, 0), body, m.starts_at + 7_200_000, m.starts_at + 7_200_000],
      );
    const guild = guildOf(1, 1);
    await saveNames(
      db,
      guild,
      new Map(Array.from({ length: MEMBERS }, (_, i) => [memberOf(1, i), `Member number ${i + 1}`])),
      NOW,
    );

    const server = await startWebServer(
      { db, log: silentLogger(), clock: () => NOW },
      { port: 0, host: '127.0.0.1' },
    );
    try {
      const shared = await shareSeries(
        {
          db,
          now: NOW,
          actor: {
            userId: memberOf(1, 0),
            guildId: guild,
            channelId: channelOf(1),
            canManage: true,
            roleIds: [],
          },
        },
        {},
      );
      const page = shared.pageUrl;
      const feed = shared.feedUrl;
      const trivial = `${server.url}/robots.txt`;
      const first = await fetch(feed);
      const etag = first.headers.get('etag')!;
      const feedBytes = (await first.arrayBuffer()).byteLength;
      const pageBytes = (await (await fetch(page)).arrayBuffer()).byteLength;
      const shownHeld = (await db.get<{ n: number }>(
        'SELECT count(*) AS n FROM meetings WHERE starts_at < ? AND starts_at >= ?',
        [NOW, Date.parse('2025-12-31T16:00:00Z')],
      ))!.n;

      // Warm-up, then the measured runs, one after another in the same process.
      await load(200, () => get(page));
      await load(200, () => get(trivial));
      const pageRun = await load(2_000, () => get(page));
      const trivialRun = await load(5_000, () => get(trivial));
      const feedCached = await load(5_000, () => get(feed));
      const feed304 = await load(5_000, () => get(feed, { 'if-none-match': etag }, 304));
      // A feed rendered anew: each request after a change (a title set), as the first poll after it is.
      let n = 0;
      const slot = (await db.get<{ id: number }>('SELECT id FROM slots ORDER BY id DESC LIMIT 1'))!;
      const feedFull = await load(500, async () => {
        await setSlotTitle(db, slot.id, `A new title ${n++}`, NOW);
        await get(feed);
      });

      const ratio = trivialRun.rps / pageRun.rps;
      return [
        {
          measure: `season page (${(pageBytes / 1024).toFixed(0)} KiB: ${shownHeld} held with summaries + 8 ahead), ${CONCURRENCY} clients`,
          value: `${pageRun.rps.toFixed(0)} req/s · p50 ${fmt(pageRun.p50)} · p99 ${fmt(pageRun.p99)}`,
          target: 'shown',
          verdict: '',
        },
        {
          measure: 'trivial route (/robots.txt), same server, same run',
          value: `${trivialRun.rps.toFixed(0)} req/s · p50 ${fmt(trivialRun.p50)} · p99 ${fmt(trivialRun.p99)}`,
          target: 'shown',
          verdict: '',
        },
        {
          measure: 'trivial route req/s ÷ season page req/s',
          value: `${ratio.toFixed(1)}×`,
          target: 'shown',
          verdict: '',
        },
        {
          measure: `feed after a change (200: ${(feedBytes / 1024).toFixed(0)} KiB, 21 events rendered)`,
          value: `${feedFull.rps.toFixed(0)} req/s · p50 ${fmt(feedFull.p50)} · p99 ${fmt(feedFull.p99)}`,
          target: 'shown',
          verdict: '',
        },
        {
          measure: 'feed without ETag, unchanged (200, the body rendered before)',
          value: `${feedCached.rps.toFixed(0)} req/s · p50 ${fmt(feedCached.p50)} · p99 ${fmt(feedCached.p99)}`,
          target: 'shown',
          verdict: '',
        },
        {
          measure: 'feed with a matching ETag (304, not rendered)',
          value: `${feed304.rps.toFixed(0)} req/s · p50 ${fmt(feed304.p50)} · p99 ${fmt(feed304.p99)}`,
          target: '≥ 3× the 200',
          verdict: verdict(feed304.rps >= 3 * feedFull.rps),
        },
      ];
    } finally {
      await server.close();
    }
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
