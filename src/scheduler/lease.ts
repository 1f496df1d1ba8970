/**
 * The right to deliver. Only one process sends at a time: the one holding the
 * lease. It is renewed by the heartbeat every second and lasts a few seconds,
 * so a holder that stops or dies is replaced within seconds; nothing is sent
 * without a valid lease. Kept free of any database: SQLite holds it today
 * (`store/lease.ts`), another store can tomorrow.
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
