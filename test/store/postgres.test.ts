import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openDatabase, type SqliteFile } from '../../src/store/db.ts';
import { leaseHolder, StoreLease } from '../../src/store/lease.ts';
import { loadMigrations, migrate } from '../../src/store/migrate.ts';
import {
  loadPostgresMigrations,
  migratePostgres,
  PostgresTooNewError,
} from '../../src/store/migrate-postgres.ts';
import { postgresStore } from '../../src/store/postgres-db.ts';
import { postgresInstalled, usePostgres } from '../support/postgres.ts';

/** Table → its column names, and index → whether it is partial, of a migrated SQLite database. */
function sqliteSchema(db: SqliteFile): {
  columns: Record<string, string[]>;
  indexes: Record<string, boolean>;
} {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .pluck()
    .all() as string[];
  const columns: Record<string, string[]> = {};
  const indexes: Record<string, boolean> = {};
  for (const table of tables) {
    columns[table] = (db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name).sort();
    for (const index of db.pragma(`index_list(${table})`) as {
      name: string;
      origin: string;
      partial: number;
    }[]) {
      if (index.origin === 'c') indexes[index.name] = index.partial === 1;
    }
  }
  return { columns, indexes };
}

async function postgresSchema(
  pool: pg.Pool,
): Promise<{ columns: Record<string, string[]>; indexes: Record<string, boolean> }> {
  const columns: Record<string, string[]> = {};
  const { rows } = await pool.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
     WHERE table_schema = 'public' AND table_name <> 'schema_migrations' ORDER BY table_name, column_name`,
  );
  for (const row of rows) {
    columns[row.table_name] ??= [];
    columns[row.table_name]?.push(row.column_name);
  }
  for (const list of Object.values(columns)) list.sort();
  const indexes: Record<string, boolean> = {};
  const found = await pool.query<{ indexname: string; indexdef: string }>(
    `SELECT i.indexname, i.indexdef FROM pg_indexes i
     WHERE i.schemaname = 'public' AND i.tablename <> 'schema_migrations'
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
  );
  for (const row of found.rows) indexes[row.indexname] = row.indexdef.includes(' WHERE ');
  return { columns, indexes };
}

async function tableNames(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ tablename: string }>(
    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
  );
  return rows.map((r) => r.tablename);
}

describe('the SQLite migrations folder', () => {
  it('still holds only the SQLite migrations beside migrations/postgres/', () => {
    const names = loadMigrations().map((m) => m.name);
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((n) => /^\d+_.+\.sql$/.test(n))).toBe(true);
    const db = openDatabase(':memory:');
    expect(migrate(db).to).toBe(loadMigrations().at(-1)?.version);
    db.close();
  });
});

describe.skipIf(!postgresInstalled)('PostgreSQL store', () => {
  const postgres = usePostgres();

  describe('migrations', () => {
    it('migrate an empty database to the schema the SQLite migrations build', async () => {
      const pool = postgres.pool();
      const latest = loadPostgresMigrations().at(-1)?.version;
      expect(await migratePostgres(pool)).toEqual({ from: 0, to: latest });

      const sqlite = openDatabase(':memory:');
      migrate(sqlite);
      const expected = sqliteSchema(sqlite);
      sqlite.close();
      // Same version on both engines: a SQLite migration without its PostgreSQL twin fails here.
      expect(latest).toBe(loadMigrations().at(-1)?.version);
      const actual = await postgresSchema(pool);
      expect(actual.columns).toEqual(expected.columns);
      expect(actual.indexes).toEqual(expected.indexes);
    });

    it('keep the CHECK constraints and the partial unique indexes', async () => {
      const pool = postgres.pool();
      await migratePostgres(pool);
      const series = (weekday: number, channel: string) =>
        pool.query(
          `INSERT INTO series (guild_id, channel_id, name, timezone, weekday, hour, minute, every_weeks, first_date,
             next_plan_at, created_at) VALUES ('g', $1, 'S', 'Asia/Shanghai', $2, 20, 0, 1, '2025-01-06', 0, 0) RETURNING id`,
          [channel, weekday],
        );
      await expect(series(8, 'c0')).rejects.toThrow(/series_weekday_check/);
      const id = (await series(1, 'c1')).rows[0].id;
      const meeting = await pool.query(
        'INSERT INTO meetings (series_id, seq, planned_at, starts_at) VALUES ($1, 1, 0, 0) RETURNING id',
        [id],
      );
      const slot = (position: number, user: string | null) =>
        pool.query("INSERT INTO slots (meeting_id, position, user_id, source) VALUES ($1, $2, $3, 'open')", [
          meeting.rows[0].id,
          position,
          user,
        ]);
      await slot(1, null);
      await slot(2, null); // two open slots: the index is partial
      await slot(3, 'u1');
      await expect(slot(4, 'u1')).rejects.toThrow(/slots_by_meeting_user/);
    });

    it('find everything applied on a second run', async () => {
      const pool = postgres.pool();
      const first = await migratePostgres(pool);
      expect(await migratePostgres(pool)).toEqual({ from: first.to, to: first.to });
      const { rows } = await pool.query('SELECT version FROM schema_migrations ORDER BY version');
      expect(rows.map((r) => r.version)).toEqual(loadPostgresMigrations().map((m) => m.version));
    });

    it('succeed for two processes starting at once, applying each migration once', async () => {
      const [a, b] = [postgres.pool(), postgres.pool()];
      const latest = loadPostgresMigrations().at(-1)?.version;
      const results = await Promise.all([migratePostgres(a), migratePostgres(b)]);
      expect(results.map((r) => r.to)).toEqual([latest, latest]);
      const { rows } = await a.query('SELECT version FROM schema_migrations ORDER BY version');
      expect(rows.map((r) => r.version)).toEqual(loadPostgresMigrations().map((m) => m.version));
      expect(await tableNames(a)).toContain('outbox');
    });

    it('refuse a database newer than the code, leaving it untouched', async () => {
      const pool = postgres.pool();
      await pool.query(
        `CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,
           applied_at TIMESTAMPTZ NOT NULL DEFAULT now());
         INSERT INTO schema_migrations (version, name) VALUES (999, '999_future.sql')`,
      );
      const known = loadPostgresMigrations().at(-1)?.version;
      const refusal = migratePostgres(pool);
      await expect(refusal).rejects.toBeInstanceOf(PostgresTooNewError);
      await expect(refusal).rejects.toThrow(
        `The database is at schema version 999, but this version of Podium knows only up to ${known}.`,
      );
      expect(await tableNames(pool)).toEqual(['schema_migrations']);
      const { rows } = await pool.query('SELECT version FROM schema_migrations');
      expect(rows).toEqual([{ version: 999 }]);
    });
  });

  describe('delivery lease', () => {
    // A fixed instant; the leases read the test's clock.
    const t0 = Date.UTC(2025, 0, 6, 12, 0, 0);

    it('is held by one process at a time, taken over after expiry, and given up on release', async () => {
      const pool = postgres.pool();
      await migratePostgres(pool);
      let now = t0;
      const clock = () => now;
      const db = postgresStore(pool);
      const a = new StoreLease(db, { holder: 'a', clock, ttlMs: 5000 });
      const b = new StoreLease(db, { holder: 'b', clock, ttlMs: 5000 });

      expect(await a.acquire()).toBe(true);
      expect(await b.acquire()).toBe(false);
      expect(b.isValid()).toBe(false);
      expect(await leaseHolder(db, 'deliverer')).toEqual({ holder: 'a', expiresAt: t0 + 5000 });

      now = t0 + 3000; // a renews (less than half its time left)
      expect(await a.acquire()).toBe(true);
      expect(await leaseHolder(db, 'deliverer')).toEqual({ holder: 'a', expiresAt: t0 + 8000 });
      expect(await b.acquire()).toBe(false);

      now = t0 + 8000; // a stopped renewing: expired, b takes over
      expect(a.isValid()).toBe(false);
      expect(await b.acquire()).toBe(true);
      expect(await a.acquire()).toBe(false);
      expect(await leaseHolder(db, 'deliverer')).toEqual({ holder: 'b', expiresAt: t0 + 13_000 });

      await b.release();
      expect(b.isValid()).toBe(false);
      expect(await leaseHolder(db, 'deliverer')).toBeUndefined();
      expect(await a.acquire()).toBe(true);
    });

    it('goes to exactly one of several processes racing for it', async () => {
      const pools = [postgres.pool(), postgres.pool(), postgres.pool()];
      await migratePostgres(pools[0] as pg.Pool);
      const leases = pools.map(
        (pool, i) => new StoreLease(postgresStore(pool), { holder: `p${i}`, clock: () => t0 }),
      );
      const won = await Promise.all(leases.map((l) => l.acquire()));
      expect(won.filter(Boolean)).toHaveLength(1);
      const winner = leases[won.indexOf(true)]?.holder;
      expect((await leaseHolder(postgresStore(pools[0] as pg.Pool), 'deliverer'))?.holder).toBe(winner);
    });
  });
});
