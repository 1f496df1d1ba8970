import pg from 'pg';
import { inject } from 'vitest';
import type { Db } from '../../src/store/db.ts';
import { openStore } from '../../src/store/open-store.ts';

/** The engine this test run puts the store on: `PODIUM_TEST_ENGINE=postgres`, or SQLite. */
export function testEngine(): 'sqlite' | 'postgres' {
  return process.env.PODIUM_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';
}

let admin: pg.Pool | undefined;
/** Databases made, and whether inside a test (dropped after it) or in a `beforeAll` (dropped after the file). */
const made: { name: string; store: Db | undefined; inTest: boolean }[] = [];
let inTest = false;

function adminPool(): pg.Pool {
  admin ??= new pg.Pool({
    host: '127.0.0.1',
    port: inject('postgresPort'),
    user: 'postgres',
    database: 'postgres',
    max: 2,
  });
  return admin;
}

/** The connection string of a new, empty-but-migrated database on the run's PostgreSQL (dropped after the test). */
export async function freshPostgresUrl(): Promise<string> {
  const name = `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  await adminPool().query(`CREATE DATABASE ${name} TEMPLATE podium_template`);
  made.push({ name, store: undefined, inTest });
  return `postgres://postgres@127.0.0.1:${inject('postgresPort')}/${name}`;
}

/** A store on a new database of the run's PostgreSQL (see `pg-global-setup.ts`), closed and dropped after the test. */
export async function freshPostgresStore(): Promise<Db> {
  const url = await freshPostgresUrl();
  const store = await openStore({ url }, { poolSize: 4 });
  made[made.length - 1]!.store = store;
  return store;
}

async function drop(which: (m: (typeof made)[number]) => boolean): Promise<void> {
  const done = made.filter(which);
  made.splice(0, made.length, ...made.filter((m) => !which(m)));
  for (const { name, store } of done) {
    await store?.close();
    await adminPool().query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

/** Hooks for `test/setup.ts` (registered there, so that child processes can import this file). */
export const testDatabases = {
  testStarts(): void {
    inTest = true;
  },
  async testEnded(): Promise<void> {
    inTest = false;
    await drop((m) => m.inTest);
  },
  async fileEnded(): Promise<void> {
    await drop(() => true);
    await admin?.end();
    admin = undefined;
  },
};
