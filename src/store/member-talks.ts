/** A member's talks across the series of a guild, for their own calendar feed. */
import type { Db } from './db.ts';

/** Meetings (id, series) where the member holds a slot, starting after `after`, earliest first. */
export async function talksOfMember(
  db: Db,
  guildId: string,
  userId: string,
  after: number,
): Promise<{ meetingId: number; seriesId: number }[]> {
  const rows = await db.all<{ meeting_id: number; series_id: number }>(
    `SELECT m.id AS meeting_id, m.series_id FROM slots s
     JOIN meetings m ON m.id = s.meeting_id
     JOIN series r ON r.id = m.series_id
     WHERE s.user_id = ? AND r.guild_id = ? AND r.active = 1 AND m.starts_at > ?
     ORDER BY m.starts_at`,
    [userId, guildId, after],
  );
  return rows.map((r) => ({ meetingId: r.meeting_id, seriesId: r.series_id }));
}
