import { join } from 'node:path';
import type { Pool } from 'pg';
import { DatabaseTooNewError, loadMigrations, MIGRATIONS_DIR, type Migration } from './migrate.ts';

/** PostgreSQL's migrations: `migrations/postgres/NNN_name.sql`, numbered like their SQLite twins. */
export const POSTGRES_MIGRATIONS_DIR = join(MIGRATIONS_DIR, 'postgres');

export function loadPostgresMigrations(): Migration[] {
  return loadMigrations(POSTGRES_MIGRATIONS_DIR);
}

/** `DatabaseTooNewError` (the same check) worded for a PostgreSQL database. */
export class PostgresTooNewError extends DatabaseTooNewError {
  constructor(found: number, known: number) {
    super(found, known);
    this.message =
      `The database is at schema version ${found}, but this version of Podium knows only up to ${known}. ` +
      'It was written by a newer Podium: upgrade Podium, or point DATABASE_URL at another database. The database was not changed.';
  }
}

/** The key of the advisory lock every migrating process takes (any constant shared by all Podiums). */
const MIGRATION_LOCK = 7_165_021_508;

/**
 * Applies every migration newer than the highest version in `schema_migrations`,
 * each in its own transaction. Safe when several processes start at once: each
 * transaction first takes the advisory lock `MIGRATION_LOCK` (held until it
 * ends) and reads the version inside it, so the second process waits and then
 * finds the work done instead of repeating it. A database newer than the code
 * is refused before anything is written.
 */
export async function migratePostgres(
  pool: Pool,
  migrations = loadPostgresMigrations(),
): Promise<{ from: number; to: number }> {
  const latest = migrations.at(-1)?.version ?? 0;
  const client = await pool.connect();
  try {
    const inLock = async <T>(work: () => Promise<T>): Promise<T> => {
      await client.query('BEGIN');
      try {
        await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
        const result = await work();
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    };
    const version = async (): Promise<number> => {
      const { rows } = await client.query<{ version: number | null }>(
        'SELECT max(version)::integer AS version FROM schema_migrations',
      );
      const found = rows[0]?.version ?? 0;
      if (found > latest) throw new PostgresTooNewError(found, latest);
      return found;
    };
    const from = await inLock(async () => {
      // Inside the lock, so two processes creating it at once do not collide.
      await client.query(
        `CREATE TABLE IF NOT EXISTS schema_migrations (
           version INTEGER PRIMARY KEY,
           name TEXT NOT NULL,
           applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
         )`,
      );
      return version();
    });
    for (const m of migrations) {
      if (m.version <= from) continue;
      await inLock(async () => {
        if ((await version()) >= m.version) return;
        await client.query(m.sql);
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
          m.version,
          m.name,
        ]);
      });
    }
    return { from, to: latest };
  } finally {
    client.release();
  }
}
