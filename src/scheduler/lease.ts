/**
 * The right to deliver. Only one process sends at a time: the one holding the
 * lease. It is renewed by the heartbeat every second and lasts a few seconds,
 * so a holder that stops or dies is replaced within seconds; nothing is sent
 * without a valid lease. Kept free of any database: the store holds it
 * (`StoreLease` in `store/lease.ts`, on SQLite or PostgreSQL).
 */
export interface DeliveryLease {
  /** Who asks: unique per process. */
  readonly holder: string;
  /** Takes the lease if it is free or expired, renews it if held; whether it is held afterwards. */
  acquire(): Promise<boolean>;
  /** Whether the lease is held and not yet expired: checked before every send. */
  isValid(): boolean;
  /** Gives it up on a clean stop, so a standby takes over at once. */
  release(): Promise<void>;
}

/** The lease of a process that is alone by construction (the demo, a test): always held. */
export function soleDeliverer(holder = 'sole'): DeliveryLease {
  return {
    holder,
    acquire: async () => true,
    isValid: () => true,
    release: async () => {},
  };
}

/** A holder id for this process: host, pid and a random part, so a restart is a new holder. */
export function processHolderId(host: string, pid: number): string {
  return `${host}:${pid}:${Math.random().toString(36).slice(2, 10)}`;
}

/** Where a lease is written: one atomic take-or-renew, and a give-up. Each store supplies its own. */
export interface LeaseRecord {
  /** Takes `name` for `holder` until `expiresAt` if free, expired or already `holder`'s; whether it did. */
  take(name: string, holder: string, now: number, expiresAt: number): boolean | Promise<boolean>;
  /** Gives `name` up if `holder` has it. */
  drop(name: string, holder: string): void | Promise<void>;
}

export interface LeaseOptions {
  holder: string;
  clock: () => number;
  /** How long a take lasts (default 5 s). */
  ttlMs?: number;
  name?: string;
}

/**
 * The lease rules over any `LeaseRecord`: held while the last take has not
 * expired by the caller's clock; renewed (written) only once less than half
 * its time is left, so the per-second heartbeat writes about every other second.
 */
export class RecordedLease implements DeliveryLease {
  readonly holder: string;
  readonly #record: LeaseRecord;
  readonly #name: string;
  readonly #ttlMs: number;
  readonly #clock: () => number;
  #validUntil = Number.NEGATIVE_INFINITY;

  constructor(record: LeaseRecord, options: LeaseOptions) {
    this.#record = record;
    this.holder = options.holder;
    this.#clock = options.clock;
    this.#ttlMs = options.ttlMs ?? 5000;
    this.#name = options.name ?? 'deliverer';
  }

  async acquire(): Promise<boolean> {
    const now = this.#clock();
    if (this.#validUntil - now > this.#ttlMs / 2) return true;
    const expiresAt = now + this.#ttlMs;
    const taken = await this.#record.take(this.#name, this.holder, now, expiresAt);
    this.#validUntil = taken ? expiresAt : Number.NEGATIVE_INFINITY;
    return this.isValid();
  }

  isValid(): boolean {
    return this.#clock() < this.#validUntil;
  }

  async release(): Promise<void> {
    this.#validUntil = Number.NEGATIVE_INFINITY;
    await this.#record.drop(this.#name, this.holder);
  }
}
