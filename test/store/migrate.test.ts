import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db.ts';
import { DatabaseTooNewError, loadMigrations, migrate } from '../../src/store/migrate.ts';
import { openStore, StoreOpenError } from '../../src/store/open-store.ts';
import { tempDir } from '../support/db.ts';

let cleanup = () => {};
afterEach(() => cleanup());

describe('migrations', () => {
  it('take an empty file to the latest version with STRICT tables, WAL and foreign keys', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const db = openDatabase(join(t.dir, 'sub', 'podium.db'));
    const result = migrate(db);
    const latest = loadMigrations().at(-1)!.version;
    expect(result).toEqual({ from: 0, to: latest });
    expect(db.pragma('user_version', { simple: true })).toBe(latest);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    // A 512 KiB page cache, not SQLite's 2 MiB default (see openDatabase).
    expect(db.pragma('cache_size', { simple: true })).toBe(-512);
    const tables = db
      .prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'table' ORDER BY name`)
      .all() as { name: string; sql: string }[];
    expect(tables.map((x) => x.name)).toEqual(
      expect.arrayContaining([
        'series',
        'meetings',
        'roster_members',
        'slots',
        'swap_requests',
        'pauses',
        'outbox',
        'minutes',
        'audit_log',
        'guild_settings',
      ]),
    );
    for (const table of tables) expect(table.sql, table.name).toMatch(/\)\s*STRICT$/);
    // Running again changes nothing.
    expect(migrate(db)).toEqual({ from: latest, to: latest });
    db.close();
  });

  it('004 drops @everyone stored as the organiser role, keeps a real one, and lets swaps point at their post', () => {
    const db = openDatabase(':memory:');
    migrate(
      db,
      loadMigrations().filter((m) => m.version <= 3),
    );
    db.prepare('INSERT INTO guild_settings (guild_id, organiser_role_id, updated_at) VALUES (?, ?, 0)').run(
      '1',
      '1',
    );
    db.prepare('INSERT INTO guild_settings (guild_id, organiser_role_id, updated_at) VALUES (?, ?, 0)').run(
      '2',
      '7',
    );
    migrate(db);
    expect(
      db.prepare('SELECT guild_id, organiser_role_id FROM guild_settings ORDER BY guild_id').all(),
    ).toEqual([
      { guild_id: '1', organiser_role_id: null },
      { guild_id: '2', organiser_role_id: '7' },
    ]);
    const columns = (db.pragma('table_info(swap_requests)') as { name: string }[]).map((c) => c.name);
    expect(columns).toContain('outbox_id');
    db.close();
  });

  it('refuses a database newer than the code and leaves the file byte-for-byte untouched', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const path = join(t.dir, 'future.db');
    const raw = new Database(path);
    raw.exec('CREATE TABLE future_thing (x INTEGER) STRICT; INSERT INTO future_thing VALUES (1);');
    raw.pragma('user_version = 999');
    raw.close();
    const before = readFileSync(path);

    const db = openDatabase(path);
    expect(() => migrate(db)).toThrow(DatabaseTooNewError);
    expect(() => migrate(db)).toThrow(/schema version 999.*upgrade Podium/s);
    db.close();
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('rolls a failing migration back whole and keeps the version before it', () => {
    const db = openDatabase(':memory:');
    const good = { version: 1, name: '001_a.sql', sql: 'CREATE TABLE a (x INTEGER) STRICT;' };
    const bad = {
      version: 2,
      name: '002_b.sql',
      sql: 'CREATE TABLE b (x INTEGER) STRICT; INSERT INTO nowhere VALUES (1);',
    };
    expect(() => migrate(db, [good, bad])).toThrow(/no such table: nowhere/);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    const names = (
      db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table'`).all() as { name: string }[]
    ).map((r) => r.name);
    expect(names).toEqual(['a']);
  });
});

describe('openStore', () => {
  it('refuses a file that is not SQLite with a clear message and leaves it untouched', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const path = join(t.dir, 'notes.db');
    writeFileSync(path, 'These are my meeting notes, not a database.\n'.repeat(200));
    const before = readFileSync(path);
    await expect(openStore(path)).rejects.toThrow(StoreOpenError);
    await expect(openStore(path)).rejects.toThrow(/is not a Podium database.*was not changed/s);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('creates a missing file and its folder, migrated', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const db = await openStore(join(t.dir, 'data', 'podium.db'));
    expect(await db.withSqlite((file) => file.pragma('user_version', { simple: true }))).toBe(
      loadMigrations().at(-1)!.version,
    );
    await db.close();
  });
});
