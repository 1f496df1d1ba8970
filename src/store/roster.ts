import type { RosterMember } from '../domain/model.ts';
import { type Db, stmt } from './db.ts';

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
export function activeRoster(db: Db, seriesId: number): RosterMember[] {
  return (
    stmt(db, 'SELECT * FROM roster_members WHERE series_id = ? AND removed_at IS NULL ORDER BY position').all(
      seriesId,
    ) as RosterRow[]
  ).map(toMember);
}

export function getMember(
  db: Db,
  seriesId: number,
  userId: string,
): (RosterMember & { active: boolean }) | undefined {
  const row = stmt(
    db,
    'SELECT *, removed_at IS NULL AS active FROM roster_members WHERE series_id = ? AND user_id = ?',
  ).get(seriesId, userId) as (RosterRow & { active: number }) | undefined;
  return row && { ...toMember(row), active: row.active === 1 };
}

/** Adds (or brings back) a member; positions are rewritten by `writeOrder` afterwards. */
export function upsertMember(
  db: Db,
  m: { seriesId: number; userId: string; groupName: string | null; turnsBase: number },
  now: number,
): void {
  stmt(
    db,
    `INSERT INTO roster_members (series_id, user_id, group_name, position, turns_base, joined_at)
     VALUES (?, ?, ?, 1e9, ?, ?)
     ON CONFLICT (series_id, user_id) DO UPDATE SET group_name = excluded.group_name, turns_base = excluded.turns_base,
       front_at_turns = NULL, removed_at = NULL, joined_at = excluded.joined_at, position = 1e9`,
  ).run(m.seriesId, m.userId, m.groupName, m.turnsBase, now);
}

export function removeMember(db: Db, seriesId: number, userId: string, now: number): void {
  stmt(db, 'UPDATE roster_members SET removed_at = ? WHERE series_id = ? AND user_id = ?').run(
    now,
    seriesId,
    userId,
  );
}

/** Writes positions 1…n in the given order of user ids. */
export function writeOrder(db: Db, seriesId: number, userIds: readonly string[]): void {
  const set = stmt(db, 'UPDATE roster_members SET position = ? WHERE series_id = ? AND user_id = ?');
  for (const [i, userId] of userIds.entries()) set.run(i + 1, seriesId, userId);
}

export function setFrontAtTurns(db: Db, seriesId: number, userId: string, turns: number | null): void {
  stmt(db, 'UPDATE roster_members SET front_at_turns = ? WHERE series_id = ? AND user_id = ?').run(
    turns,
    seriesId,
    userId,
  );
}
