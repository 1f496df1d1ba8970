import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';

/**
 * A throwaway PostgreSQL 15 for tests: a cluster of its own (initdb in a temp
 * directory, listening on 127.0.0.1 on a free port, sockets in that directory),
 * started once per test file that asks for it and stopped after it, and a fresh
 * database per test, dropped after it. Tuned for speed, not durability
 * (fsync off). Without the binaries the tests are skipped, unless CI is set:
 * then they fail, so CI cannot pass without having run them.
 */

const BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** Whether PostgreSQL's binaries are here; a test file uses it with `describe.skipIf(!postgresInstalled)`. */
export const postgresInstalled = existsSync(join(BIN, 'initdb')) && existsSync(join(BIN, 'pg_ctl'));

if (!postgresInstalled) {
  const message = `PostgreSQL 15 not found in ${BIN} (set PG_BIN to its bin directory)`;
  if (process.env.CI) throw new Error(`${message}: CI runs the PostgreSQL tests, install postgresql-15.`);
  console.warn(`${message}: PostgreSQL tests skipped.`);
}

interface Cluster {
  dir: string;
  port: number;
  admin: pg.Pool;
}

/** Runs a PostgreSQL binary as the `postgres` user when we are root (the server refuses to run as root). */
function runPg(binary: string, args: string[]): void {
  const command = join(BIN, binary);
  const asRoot = process.getuid?.() === 0;
  execFileSync(asRoot ? 'runuser' : command, asRoot ? ['-u', 'postgres', '--', command, ...args] : args, {
    stdio: 'pipe',
    timeout: 60_000,
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function startCluster(): Promise<Cluster> {
  const dir = mkdtempSync(join(tmpdir(), 'podium-pg-'));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  runPg('initdb', [
    '-D',
    data,
    '-A',
    'trust',
    '-U',
    'postgres',
    '--no-sync',
    '--no-instructions',
    '-E',
    'UTF8',
  ]);
  const port = await freePort();
  const options = [
    `-k ${dir}`,
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
  ].join(' ');
  runPg('pg_ctl', ['start', '-D', data, '-w', '-t', '30', '-l', join(dir, 'server.log'), '-o', options]);
  const admin = new pg.Pool({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres', max: 2 });
  return { dir, port, admin };
}

async function stopCluster(cluster: Cluster): Promise<void> {
  await cluster.admin.end();
  runPg('pg_ctl', ['stop', '-D', join(cluster.dir, 'data'), '-m', 'immediate', '-w']);
  rmSync(cluster.dir, { recursive: true, force: true });
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
