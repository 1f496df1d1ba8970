import type { Pool } from 'pg';
import type { DeliveryLease } from '../scheduler/lease.ts';

/**
 * Takes the lease `name` for `holder` until `expiresAt`, if it is free,
 * expired, or already `holder`'s (a renewal): the statement of `store/lease.ts`
 * on PostgreSQL. One statement (INSERT … ON CONFLICT is atomic under READ
 * COMMITTED), so two processes racing for it cannot both win. Instants come
 * from the callers' clocks, as on SQLite. Returns whether `holder` holds it now.
 */
export async function takePostgresLease(
  pool: Pool,
  name: string,
  holder: string,
  now: number,
  expiresAt: number,
): Promise<boolean> {
  const result = await pool.query(
    `INSERT INTO leases (name, holder, expires_at) VALUES ($1, $2, $3)
     ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
     WHERE leases.holder = excluded.holder OR leases.expires_at <= $4`,
    [name, holder, expiresAt, now],
  );
  return result.rowCount === 1;
}

/** Gives the lease up if `holder` has it, so that a standby takes over at once. */
export async function dropPostgresLease(pool: Pool, name: string, holder: string): Promise<void> {
  await pool.query('DELETE FROM leases WHERE name = $1 AND holder = $2', [name, holder]);
}

export async function postgresLeaseHolder(
  pool: Pool,
  name: string,
): Promise<{ holder: string; expiresAt: number } | undefined> {
  const { rows } = await pool.query<{ holder: string; expires_at: string }>(
    'SELECT holder, expires_at FROM leases WHERE name = $1',
    [name],
  );
  const row = rows[0];
  // pg returns BIGINT as a string (it may exceed 2^53); ms instants do not.
  return row && { holder: row.holder, expiresAt: Number(row.expires_at) };
}

/** The delivery lease kept in a PostgreSQL database (see `DeliveryLease`; same rules as `SqliteLease`). */
export class PostgresLease implements DeliveryLease {
  readonly holder: string;
  readonly #pool: Pool;
  readonly #name: string;
  readonly #ttlMs: number;
  readonly #clock: () => number;
  #validUntil = Number.NEGATIVE_INFINITY;

  constructor(pool: Pool, options: { holder: string; clock: () => number; ttlMs?: number; name?: string }) {
    this.#pool = pool;
    this.holder = options.holder;
    this.#clock = options.clock;
    this.#ttlMs = options.ttlMs ?? 5000;
    this.#name = options.name ?? 'deliverer';
  }

  async acquire(): Promise<boolean> {
    const now = this.#clock();
    // Held with more than half its time left: nothing to write (the heartbeat renews about every other second).
    if (this.#validUntil - now > this.#ttlMs / 2) return true;
    const expiresAt = now + this.#ttlMs;
    const taken = await takePostgresLease(this.#pool, this.#name, this.holder, now, expiresAt);
    this.#validUntil = taken ? expiresAt : Number.NEGATIVE_INFINITY;
    return this.isValid();
  }

  isValid(): boolean {
    return this.#clock() < this.#validUntil;
  }

  async release(): Promise<void> {
    this.#validUntil = Number.NEGATIVE_INFINITY;
    await dropPostgresLease(this.#pool, this.#name, this.holder);
  }
}
