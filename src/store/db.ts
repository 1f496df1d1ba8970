import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

export interface OpenOptions {
  /** How long a writer waits for a lock held by another connection, in ms. */
  busyTimeoutMs?: number;
  readonly?: boolean;
}

/** Opens (creating if needed) a SQLite file with the pragmas Podium relies on. */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  if (path !== ':memory:' && !options.readonly) mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, {
    readonly: options.readonly ?? false,
    fileMustExist: options.readonly ?? false,
  });
  // Nothing here writes to the file: a file we then refuse (too new) stays untouched.
  db.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5000)}`);
  db.pragma('foreign_keys = ON');
  // 16 MiB of page cache (the default is 2 MiB): the hot pages of a busy bot stay in
  // memory, while the whole process stays well under 150 MB.
  db.pragma('cache_size = -16384');
  return db;
}

const cache = new WeakMap<Db, Map<string, Database.Statement>>();

/** A prepared statement, compiled once per connection. */
export function stmt(db: Db, sql: string): Database.Statement {
  let perDb = cache.get(db);
  if (!perDb) {
    perDb = new Map();
    cache.set(db, perDb);
  }
  let s = perDb.get(sql);
  if (!s) {
    s = db.prepare(sql);
    perDb.set(sql, s);
  }
  return s;
}

/** Thrown inside a transaction to roll it back and still return `value` from `inTransaction`. */
export class RollBack<T> {
  constructor(readonly value: T) {}
}

/** Wraps the body of each outermost transaction (see `aroundTransactions`). */
export type TransactionWrapper = <T>(fn: () => T) => () => T;

const wrappers = new WeakMap<Db, TransactionWrapper>();

/**
 * Runs `work` with every outermost transaction it opens on `db` wrapped by
 * `wrapper`, e.g. to write a record in the same transaction as the change.
 * Synchronous, like the database: nothing else runs meanwhile.
 */
export function aroundTransactions<T>(db: Db, wrapper: TransactionWrapper, work: () => T): T {
  const previous = wrappers.get(db);
  wrappers.set(db, wrapper);
  try {
    return work();
  } finally {
    if (previous) wrappers.set(db, previous);
    else wrappers.delete(db);
  }
}

/** Runs `fn` in one IMMEDIATE transaction: it takes the write lock first, so check-then-write is safe across connections. */
export function inTransaction<T>(db: Db, fn: () => T): T {
  if (db.inTransaction) return fn();
  const wrapper = wrappers.get(db);
  try {
    return db.transaction(wrapper ? wrapper(fn) : fn).immediate();
  } catch (error) {
    if (error instanceof RollBack) return error.value as T;
    throw error;
  }
}

/** True for SQLite's "database is locked" errors (another connection holds the write lock). */
export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === 'SQLITE_LOCKED';
}

/**
 * Whether a write could start right now, without waiting: a tick that cannot
 * write leaves everything for the next one instead of blocking the process.
 */
export function canWriteNow(db: Db): boolean {
  const previous = Number(db.pragma('busy_timeout', { simple: true }));
  db.pragma('busy_timeout = 0');
  try {
    db.exec('BEGIN IMMEDIATE; COMMIT');
    return true;
  } catch (error) {
    if (isBusy(error)) return false;
    throw error;
  } finally {
    db.pragma(`busy_timeout = ${previous}`);
  }
}
