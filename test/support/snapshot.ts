import type { Db } from '../../src/store/db.ts';

/**
 * The whole store's contents, to check that something changed nothing: on
 * SQLite the database image, byte for byte; on PostgreSQL every row of every
 * table (sequences left out: a rolled-back insert still advances them).
 */
export async function snapshot(db: Db): Promise<string> {
  if (db.engine === 'sqlite') return db.withSqlite((file) => file.serialize().toString('base64'));
  const tables = await db.all<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const dump: Record<string, string[]> = {};
  for (const { name } of tables) {
    const rows = await db.all(`SELECT * FROM "${name}"`);
    dump[name] = rows.map((row) => JSON.stringify(row)).sort();
  }
  return JSON.stringify(dump);
}
