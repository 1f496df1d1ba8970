import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { BIN, type Cluster, postgresInstalled, startCluster, stopCluster } from './pg-cluster.ts';

/**
 * A throwaway PostgreSQL 15 for tests (see `pg-cluster.ts`), started once per
 * test file that asks for it and stopped after it, and a fresh database per
 * test, dropped after it. Without the binaries the tests are skipped, unless
 * CI is set: then they fail, so CI cannot pass without having run them.
 */

export { postgresInstalled };

if (!postgresInstalled) {
  const message = `PostgreSQL 15 not found in ${BIN} (set PG_BIN to its bin directory)`;
  if (process.env.CI) throw new Error(`${message}: CI runs the PostgreSQL tests, install postgresql-15.`);
  console.warn(`${message}: PostgreSQL tests skipped.`);
}

/** SQLSTATE 57P01: the server ended the connection (DROP DATABASE … WITH (FORCE), or the cluster stopping). */
const ADMIN_SHUTDOWN = '57P01';

export interface PostgresFixture {
  /** The connection string of this test's fresh database. */
  readonly url: string;
  /** A pool on this test's database, ended after the test. */
  pool(options?: pg.PoolConfig): pg.Pool;
}

/**
 * Registers the hooks of a file's PostgreSQL tests: the cluster starts before
 * the first test and stops after the last; each test gets an empty database.
 * Call it at the top of a `describe` (skipped when PostgreSQL is absent).
 */
export function usePostgres(): PostgresFixture {
  let cluster: Cluster | undefined;
  let database: string | undefined;
  let pools: pg.Pool[] = [];

  beforeAll(async () => {
    cluster = await startCluster();
  });
  afterAll(async () => {
    if (cluster) await stopCluster(cluster);
    cluster = undefined;
  });
  beforeEach(async () => {
    database = `t_${Math.random().toString(36).slice(2, 12)}`;
    await required(cluster).admin.query(`CREATE DATABASE ${database}`);
  });
  afterEach(async () => {
    await Promise.all(pools.map((p) => p.end()));
    pools = [];
    if (database) await required(cluster).admin.query(`DROP DATABASE ${database} WITH (FORCE)`);
    database = undefined;
  });

  const fixture: PostgresFixture = {
    get url() {
      return `postgres://postgres@127.0.0.1:${required(cluster).port}/${required(database)}`;
    },
    pool(options = {}) {
      const pool = new pg.Pool({ connectionString: fixture.url, ...options });
      // Dropping the database after the test ends the connections still closing: expected, not a failure.
      pool.on('error', (error: Error & { code?: string }) => {
        if (error.code !== ADMIN_SHUTDOWN) throw error;
      });
      pools.push(pool);
      return pool;
    },
  };
  return fixture;
}

function required<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('usePostgres: used outside a test');
  return value;
}
