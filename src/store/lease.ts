import { type LeaseOptions, RecordedLease } from '../scheduler/lease.ts';
import type { Db } from './db.ts';

/**
 * Takes the lease `name` for `holder` until `expiresAt`, if it is free,
 * expired, or already `holder`'s (a renewal). One statement (INSERT … ON
 * CONFLICT is atomic on SQLite and under PostgreSQL's READ COMMITTED), so two
 * processes racing for it cannot both win. Instants come from the callers'
 * clocks. Returns whether `holder` holds it now.
 */
export async function takeLease(
  db: Db,
  name: string,
  holder: string,
  now: number,
  expiresAt: number,
): Promise<boolean> {
  const changed = await db.run(
    `INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
     WHERE leases.holder = excluded.holder OR leases.expires_at <= ?`,
    [name, holder, expiresAt, now],
  );
  return changed === 1;
}

/** Gives the lease up if `holder` has it, so that a standby takes over at once. */
export async function dropLease(db: Db, name: string, holder: string): Promise<void> {
  await db.run('DELETE FROM leases WHERE name = ? AND holder = ?', [name, holder]);
}

export async function leaseHolder(
  db: Db,
  name: string,
): Promise<{ holder: string; expiresAt: number } | undefined> {
  const row = await db.get<{ holder: string; expires_at: number }>(
    'SELECT holder, expires_at FROM leases WHERE name = ?',
    [name],
  );
  return row && { holder: row.holder, expiresAt: row.expires_at };
}

/** The delivery lease kept in the store, SQLite or PostgreSQL (see `DeliveryLease`). */
export class StoreLease extends RecordedLease {
  constructor(db: Db, options: LeaseOptions) {
    super(
      {
        take: (name, holder, now, expiresAt) => takeLease(db, name, holder, now, expiresAt),
        drop: (name, holder) => dropLease(db, name, holder),
      },
      options,
    );
  }
}
