import type { RosterMember } from '../domain/model.ts';
import type { Db } from './db.ts';

interface RosterRow {
  id: number;
  series_id: number;
  user_id: string;
  group_name: string | null;
  position: number;
  turns_base: number;
  front_at_turns: number | null;
}

function toMember(r: RosterRow): RosterMember {
  return {
    id: r.id,
    seriesId: r.series_id,
    userId: r.user_id,
    groupName: r.group_name,
    position: r.position,
    turnsBase: r.turns_base,
    frontAtTurns: r.front_at_turns,
  };
}

/** Active members of a series, in roster order. */
export async function activeRoster(db: Db, seriesId: number): Promise<RosterMember[]> {
  const rows = await db.all<RosterRow>(
    'SELECT * FROM roster_members WHERE series_id = ? AND removed_at IS NULL ORDER BY position, id',
    [seriesId],
  );
  return rows.map(toMember);
}

export async function getMember(
  db: Db,
  seriesId: number,
  userId: string,
): Promise<(RosterMember & { active: boolean }) | undefined> {
  // `active` is worked out here: PostgreSQL would return `removed_at IS NULL` as a boolean, SQLite as 0/1.
  const row = await db.get<RosterRow & { removed_at: number | null }>(
    'SELECT * FROM roster_members WHERE series_id = ? AND user_id = ?',
    [seriesId, userId],
  );
  return row && { ...toMember(row), active: row.removed_at === null };
}

/** Adds (or brings back) a member; positions are rewritten by `writeOrder` afterwards. */
export async function upsertMember(
  db: Db,
  m: { seriesId: number; userId: string; groupName: string | null; turnsBase: number },
  now: number,
): Promise<void> {
  await db.run(
    `INSERT INTO roster_members (series_id, user_id, group_name, position, turns_base, joined_at)
     VALUES (?, ?, ?, 1000000000, ?, ?)
     ON CONFLICT (series_id, user_id) DO UPDATE SET group_name = excluded.group_name, turns_base = excluded.turns_base,
       front_at_turns = NULL, removed_at = NULL, joined_at = excluded.joined_at, position = 1000000000`,
    [m.seriesId, m.userId, m.groupName, m.turnsBase, now],
  );
}

export async function removeMember(db: Db, seriesId: number, userId: string, now: number): Promise<void> {
  await db.run('UPDATE roster_members SET removed_at = ? WHERE series_id = ? AND user_id = ?', [
    now,
    seriesId,
    userId,
  ]);
}

/** Writes positions 1…n in the given order of user ids. */
export async function writeOrder(db: Db, seriesId: number, userIds: readonly string[]): Promise<void> {
  for (const [i, userId] of userIds.entries()) {
    await db.run('UPDATE roster_members SET position = ? WHERE series_id = ? AND user_id = ?', [
      i + 1,
      seriesId,
      userId,
    ]);
  }
}

export async function setFrontAtTurns(
  db: Db,
  seriesId: number,
  userId: string,
  turns: number | null,
): Promise<void> {
  await db.run('UPDATE roster_members SET front_at_turns = ? WHERE series_id = ? AND user_id = ?', [
    turns,
    seriesId,
    userId,
  ]);
}
