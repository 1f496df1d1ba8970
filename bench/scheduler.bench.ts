/**
 * Issue #3/#6/#11 scale: a delivery tick and a planning pass cost what is due,
 * not what is stored. The same 10 due reminders and 10 series to re-plan, over
 * 1,000 and over 100,000 stored series, on a SQLite file and on PostgreSQL (a
 * throwaway cluster started here) in the same run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../src/log.ts';
import type { Poster } from '../src/poster/poster.ts';
import { deliverDue } from '../src/scheduler/deliver.ts';
import { planAhead } from '../src/scheduler/plan-ahead.ts';
import { type Db, type Engine, openDatabase } from '../src/store/db.ts';
import { migrate } from '../src/store/migrate.ts';
import { openStore, sqliteStore } from '../src/store/open-store.ts';
import { type Cluster, startCluster, stopCluster } from '../test/support/pg-cluster.ts';
import { seedSeries } from './seed.ts';
import { fmt, median, type Row, timeAsync, verdict } from './stats.ts';

const NOW = Date.parse('2026-03-02T00:00:00Z');
const DUE = 10;
const ROUNDS = 30;
const WARM_UP = 5;
const IDLE_TICKS = 2000;
const nullPoster: Poster = { send: async () => ({ messageId: '1' }), find: async () => null };

interface Measured {
  series: number;
  deliver: number;
  plan: number;
  idleTick: number;
  seedMs: number;
}

/** A fresh store of `engine` for `count` series, and how to get rid of it. */
interface Store {
  db: Db;
  /** Runs after seeding: fast writes back to normal, planner statistics. */
  settle(): Promise<void>;
  dispose(): Promise<void>;
}

/** A SQLite file in WAL mode, as the bot has (seeded without syncing, then back to NORMAL). */
async function sqliteFile(): Promise<Store> {
  const dir = mkdtempSync(join(tmpdir(), 'podium-bench-'));
  const file = openDatabase(join(dir, 'bench.db'));
  migrate(file);
  const db = sqliteStore(file);
  await db.withSqlite((f) => f.pragma('synchronous = OFF'));
  return {
    db,
    settle: () =>
      db.withSqlite((f) => {
        f.pragma('synchronous = NORMAL');
        f.exec('ANALYZE');
      }),
    dispose: async () => {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A new database on the cluster, migrated by `openStore({ url })`. */
async function postgresDb(cluster: Cluster, name: string): Promise<Store> {
  await cluster.admin.query(`CREATE DATABASE ${name}`);
  const db = await openStore(
    { url: `postgres://postgres@127.0.0.1:${cluster.port}/${name}` },
    { poolSize: 4 },
  );
  return {
    db,
    settle: async () => {
      await db.run('VACUUM ANALYZE');
    },
    dispose: async () => {
      await db.close();
      await cluster.admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    },
  };
}

async function measure(store: Store, count: number): Promise<Measured> {
  const { db } = store;
  const seedMs = await timeAsync(() => seedSeries(db, count, NOW));
  await store.settle();
  const log = silentLogger();
  const deps = { db, poster: nullPoster, log };
  // The same ten series, spread across the id space, get one due agenda each.
  const picked = Array.from({ length: DUE }, (_, i) => 1 + Math.floor((i * count) / DUE));
  const agendaIds: number[] = [];
  for (const s of picked) {
    const row = await db.get<{ id: number }>(
      `SELECT id FROM outbox WHERE series_id = ? AND kind = 'agenda' ORDER BY due_at LIMIT 1`,
      [s],
    );
    agendaIds.push(row!.id);
  }
  const makeDue = async () => {
    for (const id of agendaIds)
      await db.run(`UPDATE outbox SET state = 'pending', next_attempt_at = ?, due_at = ? WHERE id = ?`, [
        NOW - 1000,
        NOW - 1000,
        id,
      ]);
  };
  const makePlanDue = async () => {
    for (const s of picked) await db.run('UPDATE series SET next_plan_at = ? WHERE id = ?', [NOW - 1, s]);
  };

  // Warm up the JIT, the statement caches and the page cache (the 1,000-series store is measured first).
  for (let r = 0; r < WARM_UP; r += 1) {
    await makeDue();
    await deliverDue(deps, NOW);
    await makePlanDue();
    await planAhead(db, NOW, log);
  }

  const deliver: number[] = [];
  const plan: number[] = [];
  for (let r = 0; r < ROUNDS; r += 1) {
    await makeDue();
    deliver.push(
      await timeAsync(async () => {
        const report = await deliverDue(deps, NOW);
        if (report.sent !== DUE) throw new Error(`expected ${DUE} sent, got ${JSON.stringify(report)}`);
      }),
    );
    await makePlanDue();
    plan.push(
      await timeAsync(async () => {
        const done = await planAhead(db, NOW, log);
        if (done.planned !== DUE) throw new Error(`expected ${DUE} planned, got ${done.planned}`);
      }),
    );
  }
  const idle: number[] = [];
  for (let r = 0; r < IDLE_TICKS; r += 1) idle.push(await timeAsync(() => deliverDue(deps, NOW)));
  await store.dispose();
  return { series: count, deliver: median(deliver), plan: median(plan), idleTick: median(idle), seedMs };
}

const ENGINE_NAME: Record<Engine, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

function rowsOf(engine: Engine, small: Measured, large: Measured): Row[] {
  const name = ENGINE_NAME[engine];
  const deliverRatio = large.deliver / small.deliver;
  const planRatio = large.plan / small.plan;
  // A PostgreSQL heartbeat is a round trip to the server; SQLite's is a read in process.
  const idleTarget = engine === 'sqlite' ? 0.2 : 1;
  return [
    {
      measure: `${name}: seed 100,000 series (8 meetings, 32 reminders each)`,
      value: fmt(large.seedMs),
      target: 'set-up only',
      verdict: '',
    },
    {
      measure: `${name}: deliverDue, ${DUE} due, 1,000 / 100,000 series (median)`,
      value: `${fmt(small.deliver)} / ${fmt(large.deliver)}`,
      target: '',
      verdict: '',
    },
    {
      measure: `${name}: deliverDue ratio 100k / 1k`,
      value: `${deliverRatio.toFixed(2)}×`,
      target: '< 2×',
      verdict: verdict(deliverRatio < 2),
    },
    {
      measure: `${name}: planning pass, ${DUE} series due, 1,000 / 100,000 series (median)`,
      value: `${fmt(small.plan)} / ${fmt(large.plan)}`,
      target: '',
      verdict: '',
    },
    {
      measure: `${name}: planning pass ratio 100k / 1k`,
      value: `${planRatio.toFixed(2)}×`,
      target: '< 2×',
      verdict: verdict(planRatio < 2),
    },
    {
      measure: `${name}: idle heartbeat (nothing due), 100,000 series`,
      value: fmt(large.idleTick),
      target: engine === 'sqlite' ? '≪ 1 ms' : '< 1 ms',
      verdict: verdict(large.idleTick < idleTarget),
    },
  ];
}

export async function benchScheduler(): Promise<Row[]> {
  const sqlite = {
    small: await measure(await sqliteFile(), 1_000),
    large: await measure(await sqliteFile(), 100_000),
  };
  const cluster = await startCluster();
  let postgres: { small: Measured; large: Measured };
  try {
    postgres = {
      small: await measure(await postgresDb(cluster, 'bench_1k'), 1_000),
      large: await measure(await postgresDb(cluster, 'bench_100k'), 100_000),
    };
  } finally {
    await stopCluster(cluster);
  }
  return [
    ...rowsOf('sqlite', sqlite.small, sqlite.large),
    ...rowsOf('postgres', postgres.small, postgres.large),
    {
      measure: 'PostgreSQL / SQLite at 100,000: deliverDue, planning pass',
      value: `${(postgres.large.deliver / sqlite.large.deliver).toFixed(2)}× / ${(postgres.large.plan / sqlite.large.plan).toFixed(2)}×`,
      target: 'shown',
      verdict: '',
    },
  ];
}
