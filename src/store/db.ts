import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { CompiledQuery, type Kysely } from 'kysely';
import { compileSql, type Engine, type Params } from './sql.ts';

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
  // 16 MiB of page cache (the default is 2 MiB): the hot pages of a busy bot stay in
  // memory, while the whole process stays well under 150 MB.
  db.pragma('cache_size = -16384');
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
 * `sql.ts`), and run by Kysely's driver for the engine; `kysely` is the typed
 * query builder on the same connections. A handle is either the whole store
 * or one open transaction (`inTransaction`).
 */
export interface Db {
  readonly engine: Engine;
  /** Kysely on this handle's connection: the transaction's connection inside one. */
  readonly kysely: Kysely<unknown>;
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

const WRITE = /^\s*(insert|update|delete|replace)\b/i;

interface TxState {
  changes: number;
}

class KyselyDb implements Db {
  readonly #k: Kysely<unknown>;
  readonly #file: SqliteFile | undefined;
  readonly #tx: TxState | undefined;
  readonly #wrapper: TransactionWrapper | undefined;
  readonly engine: Engine;

  constructor(
    k: Kysely<unknown>,
    engine: Engine,
    file: SqliteFile | undefined,
    tx?: TxState,
    wrapper?: TransactionWrapper,
  ) {
    this.#k = k;
    this.engine = engine;
    this.#file = file;
    this.#tx = tx;
    this.#wrapper = wrapper;
  }

  get kysely(): Kysely<unknown> {
    return this.#k;
  }

  get inTransaction(): boolean {
    return this.#tx !== undefined;
  }

  get changes(): number {
    return this.#tx?.changes ?? 0;
  }

  async all<T>(sql: string, params?: Params): Promise<T[]> {
    const result = await this.#k.executeQuery<T>(compileSql(sql, params, this.engine));
    if (this.#tx && WRITE.test(sql)) this.#tx.changes += result.rows.length;
    return result.rows as T[];
  }

  async get<T>(sql: string, params?: Params): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  async run(sql: string, params?: Params): Promise<number> {
    const result = await this.#k.executeQuery(compileSql(sql, params, this.engine));
    const changed =
      result.numAffectedRows !== undefined ? Number(result.numAffectedRows) : result.rows.length;
    if (this.#tx && WRITE.test(sql)) this.#tx.changes += changed;
    return changed;
  }

  async transaction<T>(fn: (tx: Db) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    if (this.#tx) return fn(this);
    const wrapper = this.#wrapper;
    try {
      return await this.#k.connection().execute(async (connection) => {
        const tx = new KyselyDb(connection, this.engine, this.#file, { changes: 0 });
        // IMMEDIATE takes SQLite's write lock first, so check-then-write is safe across processes.
        await connection.executeQuery(
          CompiledQuery.raw(this.engine === 'sqlite' ? 'BEGIN IMMEDIATE' : 'BEGIN'),
        );
        try {
          if (options.lock !== undefined && this.engine === 'postgres') {
            await tx.all('SELECT pg_advisory_xact_lock(hashtextextended(?, 0))', [options.lock]);
          }
          const value = await (wrapper ? wrapper(tx, () => fn(tx)) : fn(tx));
          await connection.executeQuery(CompiledQuery.raw('COMMIT'));
          return value;
        } catch (error) {
          await connection.executeQuery(CompiledQuery.raw('ROLLBACK')).catch(() => undefined);
          throw error;
        }
      });
    } catch (error) {
      if (error instanceof RollBack) return error.value as T;
      throw error;
    }
  }

  aroundTransactions(wrapper: TransactionWrapper): Db {
    return new KyselyDb(this.#k, this.engine, this.#file, this.#tx, wrapper);
  }

  async withSqlite<T>(fn: (file: SqliteFile) => T): Promise<T> {
    const file = this.#file;
    if (!file) throw new Error('withSqlite: this store is not SQLite');
    if (this.#tx) return fn(file);
    return this.#k.connection().execute(async () => fn(file));
  }

  async close(): Promise<void> {
    await this.#k.destroy();
  }
}

/** The store over an engine's Kysely instance (see `open-store.ts`). */
export function storeOver(k: Kysely<unknown>, engine: Engine, file?: SqliteFile): Db {
  return new KyselyDb(k, engine, file);
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
