import type { TestProject } from 'vitest/node';
import { migratePostgres } from '../../src/store/migrate-postgres.ts';
import { postgresInstalled, startCluster, stopCluster } from './pg-cluster.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The PostgreSQL run's cluster: where `freshPostgresStore` makes each test's database. */
    postgresPort: number;
  }
}

/** The database every test's is copied from: migrated once per run by the real runner. */
export const TEMPLATE = 'podium_template';

/**
 * Global setup of the PostgreSQL run: one throwaway cluster for the whole run,
 * with a template database at the latest schema, so that each test's fresh
 * database is a quick copy (`CREATE DATABASE … TEMPLATE`).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!postgresInstalled) {
    throw new Error('PODIUM_TEST_ENGINE=postgres needs PostgreSQL 15 (set PG_BIN to its bin directory)');
  }
  const cluster = await startCluster();
  await cluster.admin.query(`CREATE DATABASE ${TEMPLATE}`);
  const pg = await import('pg');
  const pool = new pg.default.Pool({
    host: '127.0.0.1',
    port: cluster.port,
    user: 'postgres',
    database: TEMPLATE,
    max: 1,
  });
  await migratePostgres(pool);
  await pool.end();
  project.provide('postgresPort', cluster.port);
  return () => stopCluster(cluster);
}
