import pg from 'pg';
import { type Db, runBegun, type TransactionOptions, type TransactionWrapper, WRITE } from './db.ts';
import { compileSql, type Params } from './sql.ts';

// BIGINT and NUMERIC come back as strings by default (they may exceed 2^53);
// Podium keeps ms instants and counts in them, which do not.
pg.types.setTypeParser(pg.types.builtins.INT8, Number);
pg.types.setTypeParser(pg.types.builtins.NUMERIC, Number);

interface TxState {
  changes: number;
  client: pg.PoolClient;
}

/**
 * The store on PostgreSQL through node-postgres: statements outside a
 * transaction take any connection of the pool; a transaction holds one
 * connection from BEGIN to COMMIT (see docs/rules.md, "Transactions").
 */
class PostgresDb implements Db {
  readonly engine = 'postgres' as const;
  readonly #pool: pg.Pool;
  readonly #tx: TxState | undefined;
  readonly #wrapper: TransactionWrapper | undefined;

  constructor(pool: pg.Pool, tx?: TxState, wrapper?: TransactionWrapper) {
    this.#pool = pool;
    this.#tx = tx;
    this.#wrapper = wrapper;
  }

  get inTransaction(): boolean {
    return this.#tx !== undefined;
  }

  get changes(): number {
    return this.#tx?.changes ?? 0;
  }

  async #query(sql: string, params?: Params): Promise<pg.QueryResult> {
    const { text, values } = compileSql(sql, params, 'postgres');
    const result = await (this.#tx?.client ?? this.#pool).query(text, values);
    if (this.#tx && WRITE.test(sql)) this.#tx.changes += result.rowCount ?? 0;
    return result;
  }

  async all<T>(sql: string, params?: Params): Promise<T[]> {
    return (await this.#query(sql, params)).rows as T[];
  }

  async get<T>(sql: string, params?: Params): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  async run(sql: string, params?: Params): Promise<number> {
    const result = await this.#query(sql, params);
    return WRITE.test(sql) ? (result.rowCount ?? 0) : result.rows.length;
  }

  async transaction<T>(fn: (tx: Db) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    if (this.#tx) return fn(this);
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
      const end = {
        commit: () => client.query('COMMIT'),
        rollback: () => client.query('ROLLBACK').catch(() => undefined),
      };
      const lock = options.lock;
      const first =
        lock === undefined
          ? undefined
          : () => client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [lock]);
      const tx = new PostgresDb(this.#pool, { changes: 0, client });
      return await runBegun(end, tx, fn, this.#wrapper, first);
    } finally {
      client.release();
    }
  }

  aroundTransactions(wrapper: TransactionWrapper): Db {
    return new PostgresDb(this.#pool, this.#tx, wrapper);
  }

  async withSqlite<T>(): Promise<T> {
    throw new Error('withSqlite: this store is PostgreSQL');
  }

  async close(): Promise<void> {
    if (!this.#pool.ended) await this.#pool.end();
  }
}

/** The store over a PostgreSQL pool (already migrated). */
export function postgresStore(pool: pg.Pool): Db {
  return new PostgresDb(pool);
}
