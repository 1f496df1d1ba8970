import type pg from 'pg';
import { type Db, type OpenOptions, openDatabase, type SqliteFile } from './db.ts';
import { DatabaseTooNewError, migrate } from './migrate.ts';
import { sqliteStore } from './sqlite-db.ts';

export { sqliteStore };

export class StoreOpenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreOpenError';
  }
}

/** Where the store is: a SQLite file (the default), or a PostgreSQL database (`DATABASE_URL`). */
export type StoreLocation = { path: string; url?: undefined } | { url: string; path?: undefined };

/** Where the settings put the store: `DATABASE_URL` when set, else the `DATABASE_PATH` file. */
export function storeLocationOf(config: {
  databaseUrl: string | undefined;
  databasePath: string;
}): StoreLocation {
  return config.databaseUrl ? { url: config.databaseUrl } : { path: config.databasePath };
}

/** A fresh in-memory SQLite store at the latest schema (the demo, tests). */
export function memoryStore(): Db {
  const file = openDatabase(':memory:');
  migrate(file);
  return sqliteStore(file);
}

/**
 * Opens the store and brings it to the latest schema. A file that is not
 * SQLite, or a database written by a newer Podium, is refused with a clear
 * message and left untouched.
 */
export async function openStore(
  location: StoreLocation | string,
  options: OpenOptions & { poolSize?: number } = {},
): Promise<Db> {
  const where = typeof location === 'string' ? { path: location } : location;
  if (where.url !== undefined) return openPostgres(where.url, options.poolSize);
  return openSqlite(where.path, options);
}

function openSqlite(path: string, options: OpenOptions): Db {
  let file: SqliteFile | undefined;
  try {
    // A command waits at most this long for another writer, then says "busy, try again":
    // well inside Discord's 3-second window.
    file = openDatabase(path, { busyTimeoutMs: options.busyTimeoutMs ?? 1000 });
    // Reading the schema version is the first touch: a file that is not SQLite fails here, unchanged.
    file.pragma('user_version', { simple: true });
    migrate(file);
    // Checkpoints are the scheduler's job (a passive one every few seconds), so a
    // command never pays for one; closing the database checkpoints too.
    file.pragma('wal_autocheckpoint = 0');
    return sqliteStore(file);
  } catch (error) {
    file?.close();
    if (error instanceof DatabaseTooNewError) throw new StoreOpenError(`${path}: ${error.message}`);
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
      throw new StoreOpenError(
        `${path} is not a Podium database (SQLite says: ${(error as Error).message}). The file was not changed. ` +
          'Point DATABASE_PATH at another file, or restore the right one from a backup.',
      );
    }
    throw error;
  }
}

async function openPostgres(url: string, poolSize = 10): Promise<Db> {
  // Loaded only here: a SQLite deployment never loads the PostgreSQL client.
  const [{ default: pgModule }, { postgresStore }, { migratePostgres }] = await Promise.all([
    import('pg'),
    import('./postgres-db.ts'),
    import('./migrate-postgres.ts'),
  ]);
  const pool: pg.Pool = new pgModule.Pool({ connectionString: url, max: poolSize });
  // An idle connection the server drops (restart, failover) is replaced on next use, not a crash.
  pool.on('error', () => undefined);
  try {
    await migratePostgres(pool);
    return postgresStore(pool);
  } catch (error) {
    await pool.end().catch(() => undefined);
    if (error instanceof DatabaseTooNewError) throw new StoreOpenError(`${redact(url)}: ${error.message}`);
    const reason = (error as Error).message;
    if ((error as { code?: string }).code === undefined || /connect|ECONN|ENOTFOUND|password/i.test(reason)) {
      throw new StoreOpenError(
        `cannot reach PostgreSQL at ${redact(url)} (${reason}). Check DATABASE_URL and that the server is running.`,
      );
    }
    throw error;
  }
}

/** The URL without its password, for messages and logs. */
export function redact(url: string): string {
  return url.replace(/(\/\/[^:/@]+):[^@]*@/, '$1:***@');
}
