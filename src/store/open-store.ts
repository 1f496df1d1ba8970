import { type Db, openDatabase } from './db.ts';
import { DatabaseTooNewError, migrate } from './migrate.ts';

export class StoreOpenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreOpenError';
  }
}

/**
 * Opens the database file for the bot and brings it to the latest schema.
 * A file that is not SQLite, or was written by a newer Podium, is refused
 * with a clear message and left untouched.
 */
export function openStore(path: string, options: { busyTimeoutMs?: number } = {}): Db {
  let db: Db | undefined;
  try {
    // A command waits at most this long for another writer, then says "busy, try again":
    // well inside Discord's 3-second window.
    db = openDatabase(path, { busyTimeoutMs: options.busyTimeoutMs ?? 1000 });
    // Reading the schema version is the first touch: a file that is not SQLite fails here, unchanged.
    db.pragma('user_version', { simple: true });
    migrate(db);
    // Checkpoints are the scheduler's job (a passive one every few seconds), so a
    // command never pays for one; closing the database checkpoints too.
    db.pragma('wal_autocheckpoint = 0');
    return db;
  } catch (error) {
    db?.close();
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
