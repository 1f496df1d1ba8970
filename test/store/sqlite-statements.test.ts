/**
 * The SQLite store keeps its compiled statements (src/store/sqlite-db.ts): a
 * query run again is not compiled again, and at most STATEMENTS are kept, the
 * least recently used going first (list queries have one text per length, so
 * without a bound the cache would grow with every new length).
 */
import { describe, expect, it, vi } from 'vitest';
import { STATEMENTS } from '../../src/store/sqlite-db.ts';
import { memoryDb } from '../support/db.ts';

async function storeCountingCompiles() {
  const db = memoryDb();
  const prepare = await db.withSqlite((file) => vi.spyOn(file, 'prepare'));
  const compiles = (sql: string) => prepare.mock.calls.filter(([text]) => text === sql).length;
  return { db, compiles };
}

const query = (n: number) => `SELECT ${n} AS n`;

describe('compiled statements of the SQLite store', () => {
  it('compiles a query once, however often it runs', async () => {
    const { db, compiles } = await storeCountingCompiles();
    for (let i = 0; i < 5; i += 1) expect(await db.get<{ n: number }>(query(7))).toEqual({ n: 7 });
    expect(compiles(query(7))).toBe(1);
  });

  it(`keeps at most ${STATEMENTS}, dropping the least recently used`, async () => {
    const { db, compiles } = await storeCountingCompiles();
    await db.get(query(0));
    await db.get(query(1));
    for (let n = 2; n < STATEMENTS; n += 1) await db.get(query(n));
    await db.get(query(0)); // used again: now the most recent
    // Two more than the cache holds: query(1), the least recently used, and query(2) go.
    await db.get(query(STATEMENTS));
    await db.get(query(STATEMENTS + 1));

    await db.get(query(0));
    expect(compiles(query(0))).toBe(1);
    await db.get(query(1));
    expect(compiles(query(1))).toBe(2);
  });
});
