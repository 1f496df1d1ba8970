import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isBusy, type SqliteFile } from './db.ts';

/**
 * The project's `migrations/` folder: the nearest one beside a `package.json`
 * above this module, which is `src/store/` when run from source and a chunk in
 * `dist/` when built (`npm run build` bundles, so the depth differs).
 */
function findMigrationsDir(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const candidate = join(dir, 'migrations');
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return candidate;
    if (dirname(dir) === dir)
      throw new Error(`no migrations/ folder above ${fileURLToPath(import.meta.url)}`);
  }
}

export const MIGRATIONS_DIR = findMigrationsDir();

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The numbered `NNN_name.sql` files, in order. */
export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d+_.+\.sql$/.test(f))
    .map((f) => ({ version: Number.parseInt(f, 10), name: f, sql: readFileSync(join(dir, f), 'utf8') }))
    .sort((a, b) => a.version - b.version);
}

export class DatabaseTooNewError extends Error {
  constructor(found: number, known: number) {
    super(
      `The database is at schema version ${found}, but this version of Podium knows only up to ${known}. ` +
        'It was written by a newer Podium: upgrade Podium, or point DATABASE_PATH at another file. The file was not changed.',
    );
    this.name = 'DatabaseTooNewError';
  }
}

/**
 * Applies every migration newer than `PRAGMA user_version`, each in its own
 * transaction. Safe when several processes open a new database at once: each
 * migration takes the database's write lock first (`BEGIN IMMEDIATE`, waiting
 * up to the connection's busy timeout) and reads the version again inside it,
 * so the second process finds the work done instead of repeating it.
 */
export function migrate(db: SqliteFile, migrations = loadMigrations()): { from: number; to: number } {
  const version = () => Number(db.pragma('user_version', { simple: true }));
  const from = version();
  const latest = migrations.at(-1)?.version ?? 0;
  if (from > latest) throw new DatabaseTooNewError(from, latest);
  // Another process may be migrating the same file right now: wait for it longer than a command would.
  const busyTimeout = Number(db.pragma('busy_timeout', { simple: true }));
  db.pragma(`busy_timeout = ${Math.max(busyTimeout, MIGRATION_BUSY_TIMEOUT_MS)}`);
  try {
    return migrateLocked(db, migrations, from, latest, version);
  } finally {
    db.pragma(`busy_timeout = ${busyTimeout}`);
  }
}

/** How long opening waits for another process's migrations. */
const MIGRATION_BUSY_TIMEOUT_MS = 30_000;

function migrateLocked(
  db: SqliteFile,
  migrations: Migration[],
  from: number,
  latest: number,
  version: () => number,
): { from: number; to: number } {
  if (db.pragma('journal_mode', { simple: true }) !== 'wal') {
    // Switching to WAL needs the file to itself; SQLite may answer busy without waiting, so wait here.
    const until = Date.now() + MIGRATION_BUSY_TIMEOUT_MS;
    for (;;) {
      try {
        db.pragma('journal_mode = WAL');
        break;
      } catch (error) {
        if (!isBusy(error) || Date.now() > until) throw error;
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
      }
    }
  }
  db.pragma('synchronous = NORMAL');
  // A table rebuild (the way to change a CHECK constraint) drops the old table: with foreign keys
  // enforced that would delete or null the rows pointing at it. Off while migrating (it cannot change
  // inside a transaction), and every migration must leave no dangling reference.
  const foreignKeys = Number(db.pragma('foreign_keys', { simple: true }));
  db.pragma('foreign_keys = OFF');
  try {
    for (const m of migrations) {
      if (m.version <= from) continue;
      db.exec('BEGIN IMMEDIATE');
      try {
        const current = version();
        if (current > latest) throw new DatabaseTooNewError(current, latest);
        if (current < m.version) {
          db.exec(m.sql);
          const dangling = db.pragma('foreign_key_check') as unknown[];
          if (dangling.length > 0) {
            throw new Error(`${m.name} leaves broken references: ${JSON.stringify(dangling.slice(0, 5))}`);
          }
          db.pragma(`user_version = ${m.version}`);
        }
        db.exec('COMMIT');
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw error;
      }
    }
  } finally {
    db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
  }
  return { from, to: Math.max(version(), latest) };
}
