import type { AwayPeriod } from '../domain/model.ts';
import type { Db } from './db.ts';

interface AwayRow {
  id: number;
  series_id: number;
  user_id: string;
  from_date: string;
  until_date: string;
  reason: string | null;
}

function toAway(r: AwayRow): AwayPeriod {
  return {
    id: r.id,
    seriesId: r.series_id,
    userId: r.user_id,
    fromDate: r.from_date,
    untilDate: r.until_date,
    reason: r.reason,
  };
}

export async function insertAway(
  db: Db,
  a: { seriesId: number; userId: string; fromDate: string; untilDate: string; reason: string | null },
  now: number,
): Promise<number> {
  const row = await db.get<{ id: number }>(
    `INSERT INTO away_periods (series_id, user_id, from_date, until_date, reason, created_at)
     VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
    [a.seriesId, a.userId, a.fromDate, a.untilDate, a.reason, now],
  );
  return row!.id;
}

export async function getAway(db: Db, id: number): Promise<AwayPeriod | undefined> {
  const row = await db.get<AwayRow>('SELECT * FROM away_periods WHERE id = ? AND cancelled_at IS NULL', [id]);
  return row && toAway(row);
}

// The queries below match the partial indexes away_by_user / away_by_series
// (`cancelled_at IS NULL`), which both engines' planners pick on their own.

/** A member's away periods (not cancelled) whose last day is on or after `fromDate`, earliest first. */
export async function awayOfMember(
  db: Db,
  seriesId: number,
  userId: string,
  fromDate: string,
): Promise<AwayPeriod[]> {
  const rows = await db.all<AwayRow>(
    `SELECT * FROM away_periods
     WHERE series_id = ? AND user_id = ? AND cancelled_at IS NULL AND until_date >= ? ORDER BY from_date`,
    [seriesId, userId, fromDate],
  );
  return rows.map(toAway);
}

/** Every away period of a series (not cancelled) that ends on or after `fromDate`, earliest first. */
export async function awayOfSeries(db: Db, seriesId: number, fromDate: string): Promise<AwayPeriod[]> {
  const rows = await db.all<AwayRow>(
    `SELECT * FROM away_periods
     WHERE series_id = ? AND cancelled_at IS NULL AND until_date >= ? ORDER BY from_date, id`,
    [seriesId, fromDate],
  );
  return rows.map(toAway);
}

/** Away periods (not cancelled) of the given members of a series that began on or before `date`. */
export async function awayBegunBy(db: Db, seriesId: number, date: string): Promise<AwayPeriod[]> {
  const rows = await db.all<AwayRow>(
    `SELECT * FROM away_periods
     WHERE series_id = ? AND cancelled_at IS NULL AND from_date <= ? ORDER BY user_id, from_date`,
    [seriesId, date],
  );
  return rows.map(toAway);
}

export async function shortenAway(db: Db, id: number, untilDate: string): Promise<void> {
  await db.run('UPDATE away_periods SET until_date = ? WHERE id = ?', [untilDate, id]);
}

export async function cancelAway(db: Db, id: number, now: number): Promise<void> {
  await db.run('UPDATE away_periods SET cancelled_at = ? WHERE id = ?', [now, id]);
}

/** Start of the latest meeting held by `at` in which the member had a slot. */
export async function lastHeldSlotAt(
  db: Db,
  seriesId: number,
  userId: string,
  at: number,
): Promise<number | null> {
  const row = await db.get<{ t: number | null }>(
    `SELECT max(m.starts_at) AS t FROM slots s JOIN meetings m ON m.id = s.meeting_id
     WHERE s.user_id = ? AND m.series_id = ? AND m.starts_at <= ? AND m.status IN ('scheduled', 'postponed')`,
    [userId, seriesId, at],
  );
  return row?.t ?? null;
}

/** Whether a meeting was held in [from, to) without the member in a slot. */
export async function heldWithout(
  db: Db,
  seriesId: number,
  userId: string,
  from: number,
  to: number,
): Promise<boolean> {
  const row = await db.get(
    `SELECT 1 AS one FROM meetings m WHERE m.series_id = ? AND m.starts_at >= ? AND m.starts_at < ?
       AND m.status IN ('scheduled', 'postponed')
       AND NOT EXISTS (SELECT 1 FROM slots s WHERE s.meeting_id = m.id AND s.user_id = ?) LIMIT 1`,
    [seriesId, from, to, userId],
  );
  return row !== undefined;
}
