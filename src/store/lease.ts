import { type LeaseOptions, RecordedLease } from '../scheduler/lease.ts';
import { type Db, stmt } from './db.ts';

/**
 * Takes the lease `name` for `holder` until `expiresAt`, if it is free,
 * expired, or already `holder`'s (a renewal). One statement, so two processes
 * racing for it cannot both win. Returns whether `holder` holds it now.
 */
export function takeLease(db: Db, name: string, holder: string, now: number, expiresAt: number): boolean {
  const info = stmt(
    db,
    `INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
     WHERE leases.holder = excluded.holder OR leases.expires_at <= ?`,
  ).run(name, holder, expiresAt, now);
  return info.changes === 1;
}

/** Gives the lease up if `holder` has it, so that a standby takes over at once. */
export function dropLease(db: Db, name: string, holder: string): void {
  stmt(db, 'DELETE FROM leases WHERE name = ? AND holder = ?').run(name, holder);
}

export function leaseHolder(db: Db, name: string): { holder: string; expiresAt: number } | undefined {
  const row = stmt(db, 'SELECT holder, expires_at FROM leases WHERE name = ?').get(name) as
    | { holder: string; expires_at: number }
    | undefined;
  return row && { holder: row.holder, expiresAt: row.expires_at };
}

/** The delivery lease kept in the SQLite database (see `DeliveryLease`). */
export class SqliteLease extends RecordedLease {
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
