import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db.ts';
import { loadMigrations, migrate } from '../../src/store/migrate.ts';
import { sqliteStore } from '../../src/store/open-store.ts';
import { outboxOfSeries } from '../../src/store/outbox.ts';
import { at, memoryDb } from '../support/db.ts';
import { seedSeries } from '../support/season.ts';

const TZ = 'Asia/Shanghai';

describe('migration 006 rebuilds the outbox', () => {
  it('keeps every row, what points at them, and marks rows tried before as in doubt', async () => {
    const all = loadMigrations();
    const before = all.filter((m) => m.version < 6);
    const db = openDatabase(':memory:');
    migrate(db, before);
    // A table of another feature pointing at outbox rows, as later migrations may add.
    db.exec(
      `CREATE TABLE pointers (outbox_id INTEGER NOT NULL REFERENCES outbox (id) ON DELETE CASCADE) STRICT`,
    );
    // Seeding needs the current code's tables: build the rows on a migrated database, then copy them in.
    const source = memoryDb();
    await seedSeries(source, at('2024-07-20 12:00', TZ), {
      timezone: TZ,
      weekday: 4,
      time: '21:00',
      everyWeeks: 2,
      start: '2024-08-01',
      size: 4,
    });
    for (const table of ['series', 'meetings', 'roster_members', 'slots']) {
      const rows = await source.all(`SELECT * FROM ${table}`);
      for (const row of rows) {
        const cols = Object.keys(row).filter((c) =>
          (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).some(
            (x) => x.name === c,
          ),
        );
        db.prepare(
          `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
        ).run(...cols.map((c) => row[c]));
      }
    }
    const insert = db.prepare(
      `INSERT INTO outbox (series_id, meeting_id, kind, target, channel_id, due_at, state, attempts, next_attempt_at, created_at)
       VALUES (1, NULL, ?, ?, '1', 0, ?, ?, 0, 0)`,
    );
    insert.run('notice:pause', 'a', 'sent', 1);
    insert.run('notice:pause', 'b', 'pending', 2);
    insert.run('notice:pause', 'c', 'pending', 0);
    db.exec('INSERT INTO pointers VALUES (1), (2), (3)');

    migrate(db, all);

    expect((db.prepare('SELECT count(*) AS n FROM pointers').get() as { n: number }).n).toBe(3);
    expect((await outboxOfSeries(sqliteStore(db), 1)).map((r) => [r.target, r.state, r.inDoubt])).toEqual([
      ['a', 'sent', false],
      ['b', 'pending', true],
      ['c', 'pending', false],
    ]);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(() => db.prepare(`UPDATE outbox SET state = 'superseded' WHERE id = 3`).run()).not.toThrow();
    expect(() => db.prepare(`UPDATE outbox SET state = 'bogus' WHERE id = 3`).run()).toThrow(/CHECK/);
  });
});
