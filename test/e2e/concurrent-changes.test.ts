/**
 * Two changes at once in one guild, through the real dispatcher (docs/rules.md,
 * "Transactions"): each interaction that may change something is one
 * transaction from its first read to its last write, so neither works from
 * what it read before the other committed. The store here answers reads made
 * outside any transaction a few milliseconds late, as a database server would:
 * an action that read before its transaction would lose the other's change.
 */
import { describe, expect, it } from 'vitest';
import type { Db, SqliteFile, TransactionOptions, TransactionWrapper } from '../../src/store/db.ts';
import { meetingsAfter } from '../../src/store/meetings.ts';
import { slotsOfMeeting } from '../../src/store/slots.ts';
import type { Params } from '../../src/store/sql.ts';
import { testDb } from '../support/db.ts';
import { seedSeries, startHarness } from './harness.ts';

const late = () => new Promise<void>((resolve) => setTimeout(resolve, 15));

/** `inner`, with every read outside a transaction answered late. */
class SlowReads implements Db {
  constructor(readonly inner: Db) {}
  get engine() {
    return this.inner.engine;
  }
  get inTransaction() {
    return this.inner.inTransaction;
  }
  get changes() {
    return this.inner.changes;
  }
  async all<T>(sql: string, params?: Params): Promise<T[]> {
    await late();
    return this.inner.all<T>(sql, params);
  }
  async get<T>(sql: string, params?: Params): Promise<T | undefined> {
    await late();
    return this.inner.get<T>(sql, params);
  }
  run(sql: string, params?: Params): Promise<number> {
    return this.inner.run(sql, params);
  }
  transaction<T>(fn: (tx: Db) => Promise<T>, options?: TransactionOptions): Promise<T> {
    return this.inner.transaction(fn, options);
  }
  aroundTransactions(wrapper: TransactionWrapper): Db {
    return new SlowReads(this.inner.aroundTransactions(wrapper));
  }
  withSqlite<T>(fn: (file: SqliteFile) => T): Promise<T> {
    return this.inner.withSqlite(fn);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

describe('two changes at once in one guild', () => {
  it('lets a double-clicked release free one slot, and a claim in between keep its slot', async () => {
    const db = await testDb();
    const h = await startHarness({ db: new SlowReads(db) });
    const series = await seedSeries(h);
    const first = (await meetingsAfter(db, series.id, h.clock.now))[0]!;
    const planned = (await slotsOfMeeting(db, first.id)).map((s) => s.userId);
    const presenter = planned.find((u) => u !== null)!;
    const volunteer = h.members.find((m) => !planned.includes(m))!;
    const releases = [
      h.run('slot', 'release', {}, { user: presenter }),
      h.run('slot', 'release', {}, { user: presenter }),
    ];
    const claim = h.run('slot', 'claim', {}, { user: volunteer });
    await Promise.all([...releases, claim].map((i) => i.response));
    const holders = (await slotsOfMeeting(db, first.id)).map((s) => s.userId);
    expect(holders).not.toContain(presenter);
    // The volunteer got the freed slot and kept it: the second release freed nothing of theirs.
    expect(holders.filter((u) => u === volunteer)).toHaveLength(1);
  });
});
