import type { DeliveryLease } from '../scheduler/lease.ts';
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
export class SqliteLease implements DeliveryLease {
  readonly holder: string;
  readonly #db: Db;
  readonly #name: string;
  readonly #ttlMs: number;
  readonly #clock: () => number;
  #validUntil = Number.NEGATIVE_INFINITY;

  constructor(db: Db, options: { holder: string; clock: () => number; ttlMs?: number; name?: string }) {
    this.#db = db;
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
    if (takeLease(this.#db, this.#name, this.holder, now, expiresAt)) this.#validUntil = expiresAt;
    else this.#validUntil = Number.NEGATIVE_INFINITY;
    return this.isValid();
  }

  isValid(): boolean {
    return this.#clock() < this.#validUntil;
  }

  async release(): Promise<void> {
    this.#validUntil = Number.NEGATIVE_INFINITY;
    dropLease(this.#db, this.#name, this.holder);
  }
}
