/**
 * Issue #3/#6 scale: a delivery tick and a planning pass cost what is due, not
 * what is stored. The same 10 due reminders and 10 series to re-plan, over
 * 1,000 and over 100,000 stored series.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../src/log.ts';
import type { Poster } from '../src/poster/poster.ts';
import { deliverDue } from '../src/scheduler/deliver.ts';
import { planAhead } from '../src/scheduler/plan-ahead.ts';
import { openDatabase } from '../src/store/db.ts';
import { migrate } from '../src/store/migrate.ts';
import { seedSeries } from './seed.ts';
import { fmt, median, type Row, timeAsync, timeSync, verdict } from './stats.ts';

const NOW = Date.parse('2026-03-02T00:00:00Z');
const DUE = 10;
const ROUNDS = 30;
const nullPoster: Poster = { send: async () => ({ messageId: '1' }), find: async () => null };

interface Measured {
  series: number;
  deliver: number;
  plan: number;
  idleTick: number;
  seedMs: number;
}

async function measure(count: number): Promise<Measured> {
  const dir = mkdtempSync(join(tmpdir(), 'podium-bench-'));
  const db = openDatabase(join(dir, 'bench.db'));
  migrate(db);
  db.pragma('synchronous = OFF');
  const seedMs = timeSync(() => seedSeries(db, count, NOW));
  db.pragma('synchronous = NORMAL');
  db.exec('ANALYZE');
  const log = silentLogger();
  const deps = { db, poster: nullPoster, log };
  // The same ten series, spread across the id space, get one due agenda each.
  const picked = Array.from({ length: DUE }, (_, i) => 1 + Math.floor((i * count) / DUE));
  const agendaIds = picked.map(
    (s) =>
      (
        db
          .prepare(`SELECT id FROM outbox WHERE series_id = ? AND kind = 'agenda' ORDER BY due_at LIMIT 1`)
          .get(s) as { id: number }
      ).id,
  );
  const makeDue = db.prepare(
    `UPDATE outbox SET state = 'pending', next_attempt_at = ?, due_at = ? WHERE id = ?`,
  );
  const makePlanDue = db.prepare('UPDATE series SET next_plan_at = ? WHERE id = ?');

  // Warm up the statement caches and the page cache once.
  for (const id of agendaIds) makeDue.run(NOW - 1000, NOW - 1000, id);
  await deliverDue(deps, NOW);
  for (const s of picked) makePlanDue.run(NOW - 1, s);
  planAhead(db, NOW, log);

  const deliver: number[] = [];
  const plan: number[] = [];
  for (let r = 0; r < ROUNDS; r += 1) {
    for (const id of agendaIds) makeDue.run(NOW - 1000, NOW - 1000, id);
    deliver.push(
      await timeAsync(async () => {
        const report = await deliverDue(deps, NOW);
        if (report.sent !== DUE) throw new Error(`expected ${DUE} sent, got ${JSON.stringify(report)}`);
      }),
    );
    for (const s of picked) makePlanDue.run(NOW - 1, s);
    plan.push(
      timeSync(() => {
        const done = planAhead(db, NOW, log);
        if (done.planned !== DUE) throw new Error(`expected ${DUE} planned, got ${done.planned}`);
      }),
    );
  }
  const idle: number[] = [];
  for (let r = 0; r < 2000; r += 1) idle.push(await timeAsync(() => deliverDue(deps, NOW)));
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return { series: count, deliver: median(deliver), plan: median(plan), idleTick: median(idle), seedMs };
}

export async function benchScheduler(): Promise<Row[]> {
  const small = await measure(1_000);
  const large = await measure(100_000);
  const deliverRatio = large.deliver / small.deliver;
  const planRatio = large.plan / small.plan;
  return [
    {
      measure: 'seed 100,000 series (8 meetings, 32 reminders each)',
      value: fmt(large.seedMs),
      target: 'set-up only',
      verdict: '',
    },
    {
      measure: `deliverDue, ${DUE} due, 1,000 series (median)`,
      value: fmt(small.deliver),
      target: '',
      verdict: '',
    },
    {
      measure: `deliverDue, ${DUE} due, 100,000 series (median)`,
      value: fmt(large.deliver),
      target: '',
      verdict: '',
    },
    {
      measure: 'deliverDue ratio 100k / 1k',
      value: `${deliverRatio.toFixed(2)}×`,
      target: '< 2×',
      verdict: verdict(deliverRatio < 2),
    },
    {
      measure: `planning pass, ${DUE} series due, 1,000 series (median)`,
      value: fmt(small.plan),
      target: '',
      verdict: '',
    },
    {
      measure: `planning pass, ${DUE} series due, 100,000 series (median)`,
      value: fmt(large.plan),
      target: '',
      verdict: '',
    },
    {
      measure: 'planning pass ratio 100k / 1k',
      value: `${planRatio.toFixed(2)}×`,
      target: '< 2×',
      verdict: verdict(planRatio < 2),
    },
    {
      measure: 'idle heartbeat (nothing due), 100,000 series',
      value: fmt(large.idleTick),
      target: '≪ 1 ms',
      verdict: verdict(large.idleTick < 0.2),
    },
  ];
}
