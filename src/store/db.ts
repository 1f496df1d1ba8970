import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Engine, Params } from './sql.ts';

export type { Engine, Params } from './sql.ts';

/** A better-sqlite3 connection: what the SQLite engine runs on (migrations, backups, checkpoints). */
export type SqliteFile = Database.Database;

export interface OpenOptions {
  /** How long a writer waits for a lock held by another connection, in ms. */
  busyTimeoutMs?: number;
  readonly?: boolean;
}

/** Opens (creating if needed) a SQLite file with the pragmas Podium relies on. */
export function openDatabase(path: string, options: OpenOptions = {}): SqliteFile {
  if (path !== ':memory:' && !options.readonly) mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, {
    readonly: options.readonly ?? false,
    fileMustExist: options.readonly ?? false,
  });
  // Nothing here writes to the file: a file we then refuse (too new) stays untouched.
  db.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5000)}`);
  db.pragma('foreign_keys = ON');
  // SQLite's own page cache, 512 KiB (its default is 2 MiB): one community's whole file fits
  // in it, and a bigger one bought no speed in bench/ even at 100,000 series (the operating
  // system caches the file, and a read there costs microseconds), while 2 MiB kept about
  // 1.5 MB more resident after a busy hour, and 16 MiB about 3 MB more.
  db.pragma('cache_size = -512');
  return db;
}

/** Thrown inside a transaction to roll it back and still return `value` from `inTransaction`. */
export class RollBack<T> {
  constructor(readonly value: T) {}
}

/**
 * Wraps the body of each outermost transaction opened through a handle made by
 * `Db.aroundTransactions`, inside that transaction (e.g. to write a record
 * with the change, or roll back a transaction that changed nothing).
 */
export type TransactionWrapper = <T>(tx: Db, body: () => Promise<T>) => Promise<T>;

export interface TransactionOptions {
  /**
   * On PostgreSQL, a key (a guild id) whose transaction-scoped advisory lock is
   * taken first: transactions of one guild run one at a time, as every
   * transaction does on SQLite (see docs/rules.md, "Transactions").
   */
  lock?: string;
}

/**
 * The store: one interface over SQLite and PostgreSQL. Every query is written
 * once, in the SQL both engines share (`?` or `:name` parameters, see
 * `sql.ts`), and run by the engine's own driver: better-sqlite3
 * (`sqlite-db.ts`) or node-postgres (`postgres-db.ts`). A handle is either the
 * whole store or one open transaction (`inTransaction`).
 */
export interface Db {
  readonly engine: Engine;
  /** True on the handle of an open transaction. */
  readonly inTransaction: boolean;
  /** Rows written through this transaction handle so far (0 outside a transaction). */
  readonly changes: number;
  all<T = Record<string, unknown>>(sql: string, params?: Params): Promise<T[]>;
  get<T = Record<string, unknown>>(sql: string, params?: Params): Promise<T | undefined>;
  /** Runs a write; the number of rows it changed. */
  run(sql: string, params?: Params): Promise<number>;
  /** Runs `fn` in one transaction (the caller's, if this handle is one already). */
  transaction<T>(fn: (tx: Db) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** This store, with every outermost transaction opened through it wrapped by `wrapper`. */
  aroundTransactions(wrapper: TransactionWrapper): Db;
  /**
   * Runs `fn` on the better-sqlite3 connection while no query or transaction of
   * this process is using it (SQLite only: backups, checkpoints, lock probes).
   */
  withSqlite<T>(fn: (file: SqliteFile) => T): Promise<T>;
  close(): Promise<void>;
}

/** Statements that write: what a transaction handle counts in `changes`. */
export const WRITE = /^\s*(insert|update|delete|replace)\b/i;

/** How an engine ends the transaction it began. */
export interface TransactionEnd {
  commit(): unknown;
  rollback(): unknown;
}

/**
 * What every engine's transaction does once it has begun: `first` (e.g. a
 * lock), then the body through the opening handle's `wrapper`, then commit;
 * any error rolls back, and a `RollBack` then returns its value.
 */
export async function runBegun<T>(
  end: TransactionEnd,
  tx: Db,
  fn: (tx: Db) => Promise<T>,
  wrapper: TransactionWrapper | undefined,
  first?: () => Promise<unknown>,
): Promise<T> {
  try {
    try {
      await first?.();
      const value = await (wrapper ? wrapper(tx, () => fn(tx)) : fn(tx));
      await end.commit();
      return value;
    } catch (error) {
      await end.rollback();
      throw error;
    }
  } catch (error) {
    if (error instanceof RollBack) return error.value as T;
    throw error;
  }
}

/** Runs `fn` in one transaction: IMMEDIATE on SQLite; on PostgreSQL READ COMMITTED, under `options.lock`. */
export function inTransaction<T>(
  db: Db,
  fn: (tx: Db) => Promise<T>,
  options?: TransactionOptions,
): Promise<T> {
  return db.transaction(fn, options);
}

/** SQLSTATEs of PostgreSQL's "try again": lock not available, serialization failure, deadlock. */
const PG_BUSY = new Set(['55P03', '40001', '40P01']);

/** True for "the database is locked" errors (another connection holds the lock): try again later. */
export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    code === 'SQLITE_BUSY' ||
    code === 'SQLITE_BUSY_SNAPSHOT' ||
    code === 'SQLITE_LOCKED' ||
    (typeof code === 'string' && PG_BUSY.has(code))
  );
}

/**
 * Whether a write could start right now, without waiting: a tick that cannot
 * write leaves everything for the next one instead of blocking the process.
 * PostgreSQL has no database-wide write lock: always true there.
 */
export async function canWriteNow(db: Db): Promise<boolean> {
  if (db.engine !== 'sqlite') return true;
  return db.withSqlite((file) => {
    if (file.inTransaction) return true;
    const previous = Number(file.pragma('busy_timeout', { simple: true }));
    file.pragma('busy_timeout = 0');
    try {
      file.exec('BEGIN IMMEDIATE; COMMIT');
      return true;
    } catch (error) {
      if (isBusy(error)) return false;
      throw error;
    } finally {
      file.pragma(`busy_timeout = ${previous}`);
    }
  });
}
