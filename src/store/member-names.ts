/** Display names seen on Discord, kept for text shown outside it (the season page, the feeds). */
import type { Db } from './db.ts';
import { stmt } from './db.ts';

/** The stored names of `ids` in a guild (those never seen are left out). */
export function storedNames(db: Db, guildId: string, ids: readonly string[]): Map<string, string> {
  const names = new Map<string, string>();
  const get = stmt(db, 'SELECT name FROM member_names WHERE guild_id = ? AND user_id = ?');
  for (const id of new Set(ids)) {
    const row = get.get(guildId, id) as { name: string } | undefined;
    if (row) names.set(id, row.name);
  }
  return names;
}

/** Records names; a name that did not change keeps its `changed_at`. */
export function saveNames(db: Db, guildId: string, names: ReadonlyMap<string, string>, now: number): void {
  const put = stmt(
    db,
    `INSERT INTO member_names (guild_id, user_id, name, changed_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (guild_id, user_id) DO UPDATE SET name = excluded.name, changed_at = excluded.changed_at
     WHERE member_names.name <> excluded.name`,
  );
  db.transaction(() => {
    for (const [id, name] of names) put.run(guildId, id, name, now);
  })();
}

/** When a name in the guild last changed (0 if none is stored): part of a feed's ETag. */
export function namesChangedAt(db: Db, guildId: string): number {
  const row = stmt(db, 'SELECT max(changed_at) AS at FROM member_names WHERE guild_id = ?').get(guildId) as {
    at: number | null;
  };
  return row.at ?? 0;
}
