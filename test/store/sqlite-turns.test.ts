/**
 * One SQLite connection, many async tasks (docs/rules.md, "Transactions"):
 * this process's transactions take turns on the connection, and a statement
 * outside any transaction waits for the turn instead of landing inside
 * another task's transaction.
 */
import { describe, expect, it } from 'vitest';
import { inTransaction, RollBack } from '../../src/store/db.ts';
import { memoryDb } from '../support/db.ts';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

async function storeWithCounter() {
  const db = memoryDb();
  await db.withSqlite((file) => {
    file.exec('CREATE TABLE counter (n INTEGER NOT NULL); INSERT INTO counter VALUES (0);');
    file.exec('CREATE TABLE notes (text TEXT NOT NULL)');
  });
  return db;
}

describe('the SQLite store shared by concurrent tasks', () => {
  it('runs concurrent read-then-write transactions one after the other: no error, no lost update', async () => {
    const db = await storeWithCounter();
    const results = await Promise.allSettled(
      Array.from({ length: 25 }, () =>
        inTransaction(db, async (tx) => {
          const row = await tx.get<{ n: number }>('SELECT n FROM counter');
          // Yield in the middle of the transaction: another task gets to run meanwhile.
          await tick();
          await tx.run('UPDATE counter SET n = ?', [row!.n + 1]);
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(await db.get('SELECT n FROM counter')).toEqual({ n: 25 });
    await db.close();
  });

  it('keeps a statement outside any transaction out of another task’s transaction', async () => {
    const db = await storeWithCounter();
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const rolledBack = inTransaction(db, async (tx) => {
      await tx.run("INSERT INTO notes VALUES ('inside, rolled back')");
      await held;
      throw new RollBack('undone');
    });
    await tick();
    // Issued while the transaction is open: it must wait for it, not join it.
    const outside = db.run("INSERT INTO notes VALUES ('outside')");
    await tick();
    release();
    expect(await rolledBack).toBe('undone');
    expect(await outside).toBe(1);
    expect(await db.all('SELECT text FROM notes')).toEqual([{ text: 'outside' }]);
    await db.close();
  });

  it('counts the rows a transaction wrote, for the once-only record of an interaction', async () => {
    const db = await storeWithCounter();
    const changes = await inTransaction(db, async (tx) => {
      await tx.get('SELECT n FROM counter');
      await tx.run("INSERT INTO notes VALUES ('a'), ('b')");
      await tx.run('UPDATE counter SET n = n + 1');
      return tx.changes;
    });
    expect(changes).toBe(3);
    await db.close();
  });
});
