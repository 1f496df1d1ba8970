/** Display names seen on Discord, kept for text shown outside it (the season page, the feeds). */
import { type Db, inTransaction } from './db.ts';

/** Ids looked up per query: well under either engine's limit on parameters. */
const CHUNK = 500;

/** The stored names of `ids` in a guild (those never seen are left out). */
export async function storedNames(
  db: Db,
  guildId: string,
  ids: readonly string[],
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += CHUNK) {
    const chunk = unique.slice(i, i + CHUNK);
    const rows = await db.all<{ user_id: string; name: string }>(
      `SELECT user_id, name FROM member_names WHERE guild_id = ? AND user_id IN (${chunk.map(() => '?').join(', ')})`,
      [guildId, ...chunk],
    );
    for (const row of rows) names.set(row.user_id, row.name);
  }
  return names;
}

/** Records names, in one transaction; a name that did not change keeps its `changed_at`. */
export async function saveNames(
  db: Db,
  guildId: string,
  names: ReadonlyMap<string, string>,
  now: number,
): Promise<void> {
  await inTransaction(db, async (tx) => {
    for (const [id, name] of names) {
      await tx.run(
        `INSERT INTO member_names (guild_id, user_id, name, changed_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (guild_id, user_id) DO UPDATE SET name = excluded.name, changed_at = excluded.changed_at
         WHERE member_names.name <> excluded.name`,
        [guildId, id, name, now],
      );
    }
  });
}

/** When a name in the guild last changed (0 if none is stored): part of a feed's ETag. */
export async function namesChangedAt(db: Db, guildId: string): Promise<number> {
  const row = await db.get<{ at: number | null }>(
    'SELECT max(changed_at) AS at FROM member_names WHERE guild_id = ?',
    [guildId],
  );
  return row?.at ?? 0;
}
