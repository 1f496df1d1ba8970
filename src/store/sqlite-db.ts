import type Database from 'better-sqlite3';
import {
  type Db,
  runBegun,
  type SqliteFile,
  type TransactionOptions,
  type TransactionWrapper,
  WRITE,
} from './db.ts';
import { compileSql, type Params } from './sql.ts';

/** At most this many statements kept compiled; list queries (`IN (?, ?, …)`) have one text per length. */
export const STATEMENTS = 300;

/**
 * What the handles of one SQLite connection share: its compiled statements,
 * and the turn-taking of this process's transactions on it. A transaction's
 * statements run while it holds the turn; a statement outside any transaction
 * waits for the turn to be free (it would otherwise land inside another
 * action's transaction), then runs at once, synchronously, as better-sqlite3 does.
 */
class Connection {
  readonly statements = new Map<string, Database.Statement>();
  busy = false;
  readonly #waiting: (() => void)[] = [];

  constructor(readonly file: SqliteFile) {}

  statement(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (s) this.statements.delete(sql);
    else s = this.file.prepare(sql);
    this.statements.set(sql, s);
    if (this.statements.size > STATEMENTS) this.statements.delete(this.statements.keys().next().value!);
    return s;
  }

  /**
   * Resolves at the next `give`. Callers loop `while (busy) await wait()` and
   * then act synchronously: no await between seeing the turn free and using it.
   */
  wait(): Promise<void> {
    return new Promise<void>((resolve) => this.#waiting.push(resolve));
  }

  async take(): Promise<void> {
    while (this.busy) await this.wait();
    this.busy = true;
  }

  give(): void {
    this.busy = false;
    for (const wake of this.#waiting.splice(0)) wake();
  }
}

interface TxState {
  changes: number;
}

/** The store on SQLite, straight on better-sqlite3: no query builder, no pool, nothing between. */
class SqliteDb implements Db {
  readonly engine = 'sqlite' as const;
  readonly #c: Connection;
  readonly #tx: TxState | undefined;
  readonly #wrapper: TransactionWrapper | undefined;

  constructor(c: Connection, tx?: TxState, wrapper?: TransactionWrapper) {
    this.#c = c;
    this.#tx = tx;
    this.#wrapper = wrapper;
  }

  get inTransaction(): boolean {
    return this.#tx !== undefined;
  }

  get changes(): number {
    return this.#tx?.changes ?? 0;
  }

  async all<T>(sql: string, params?: Params): Promise<T[]> {
    while (!this.#tx && this.#c.busy) await this.#c.wait();
    const { text, values } = compileSql(sql, params, 'sqlite');
    const s = this.#c.statement(text);
    if (!s.reader) {
      this.#count(sql, s.run(values).changes);
      return [];
    }
    const rows = s.all(values) as T[];
    this.#count(sql, rows.length);
    return rows;
  }

  async get<T>(sql: string, params?: Params): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  async run(sql: string, params?: Params): Promise<number> {
    while (!this.#tx && this.#c.busy) await this.#c.wait();
    const { text, values } = compileSql(sql, params, 'sqlite');
    const s = this.#c.statement(text);
    const changed = s.reader ? s.all(values).length : s.run(values).changes;
    this.#count(sql, changed);
    return changed;
  }

  #count(sql: string, rows: number): void {
    if (this.#tx && WRITE.test(sql)) this.#tx.changes += rows;
  }

  async transaction<T>(fn: (tx: Db) => Promise<T>, _options?: TransactionOptions): Promise<T> {
    if (this.#tx) return fn(this);
    const c = this.#c;
    await c.take();
    try {
      // IMMEDIATE takes SQLite's write lock first, so check-then-write is safe across processes.
      c.file.exec('BEGIN IMMEDIATE');
      const end = {
        commit: () => c.file.exec('COMMIT'),
        rollback: () => c.file.inTransaction && c.file.exec('ROLLBACK'),
      };
      return await runBegun(end, new SqliteDb(c, { changes: 0 }), fn, this.#wrapper);
    } finally {
      c.give();
    }
  }

  aroundTransactions(wrapper: TransactionWrapper): Db {
    return new SqliteDb(this.#c, this.#tx, wrapper);
  }

  async withSqlite<T>(fn: (file: SqliteFile) => T): Promise<T> {
    if (this.#tx) return fn(this.#c.file);
    await this.#c.take();
    try {
      return fn(this.#c.file);
    } finally {
      this.#c.give();
    }
  }

  async close(): Promise<void> {
    while (this.#c.busy) await this.#c.wait();
    this.#c.file.close();
  }
}

/** The store over an open SQLite file (opened with `openDatabase`, migrated). */
export function sqliteStore(file: SqliteFile): Db {
  return new SqliteDb(new Connection(file));
}
