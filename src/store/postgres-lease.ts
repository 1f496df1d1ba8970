import type { Pool } from 'pg';
import { type LeaseOptions, RecordedLease } from '../scheduler/lease.ts';

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
export class PostgresLease extends RecordedLease {
  constructor(pool: Pool, options: LeaseOptions) {
    super(
      {
        take: (name, holder, now, expiresAt) => takePostgresLease(pool, name, holder, now, expiresAt),
        drop: (name, holder) => dropPostgresLease(pool, name, holder),
      },
      options,
    );
  }
}
