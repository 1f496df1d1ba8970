import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { leaseHolder, StoreLease } from '../../src/store/lease.ts';
import { openStore } from '../../src/store/open-store.ts';
import { tempDir } from '../support/db.ts';

let cleanup = () => {};
afterEach(() => cleanup());

describe('the delivery lease in SQLite', () => {
  it('is held by one process at a time, renewed by its holder, taken over once it expires or is given up', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const path = join(t.dir, 'lease.db');
    const first = await openStore(path);
    const second = await openStore(path);
    const clock = { now: Date.parse('2024-08-01T12:00:00Z') };
    const a = new StoreLease(first, { holder: 'a', clock: () => clock.now, ttlMs: 5000 });
    const b = new StoreLease(second, { holder: 'b', clock: () => clock.now, ttlMs: 5000 });

    expect(await a.acquire()).toBe(true);
    expect(await b.acquire()).toBe(false);
    expect(a.isValid()).toBe(true);
    expect(b.isValid()).toBe(false);

    // The holder renews it every heartbeat: the standby never gets it.
    for (let s = 0; s < 20; s += 1) {
      clock.now += 1000;
      expect(await a.acquire()).toBe(true);
      expect(await b.acquire()).toBe(false);
    }
    // The holder stops renewing (it died): valid for it no longer past the expiry, taken over after.
    const expiry = (await leaseHolder(first, 'deliverer'))!.expiresAt;
    expect(expiry).toBeGreaterThan(clock.now);
    clock.now = expiry - 1;
    expect(await b.acquire()).toBe(false);
    clock.now = expiry;
    expect(a.isValid()).toBe(false);
    expect(await b.acquire()).toBe(true);
    expect((await leaseHolder(first, 'deliverer'))?.holder).toBe('b');
    // The old holder comes back: it does not get it back while b renews.
    expect(await a.acquire()).toBe(false);

    // A clean stop gives it up at once.
    await b.release();
    expect(b.isValid()).toBe(false);
    expect(await a.acquire()).toBe(true);
    await first.close();
    await second.close();
  });
});
