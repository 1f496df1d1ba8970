import type { AwayPeriod } from '../domain/model.ts';
import { type Db, stmt } from './db.ts';

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

export function insertAway(
  db: Db,
  a: { seriesId: number; userId: string; fromDate: string; untilDate: string; reason: string | null },
  now: number,
): number {
  const info = stmt(
    db,
    `INSERT INTO away_periods (series_id, user_id, from_date, until_date, reason, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(a.seriesId, a.userId, a.fromDate, a.untilDate, a.reason, now);
  return Number(info.lastInsertRowid);
}

export function getAway(db: Db, id: number): AwayPeriod | undefined {
  const row = stmt(db, 'SELECT * FROM away_periods WHERE id = ? AND cancelled_at IS NULL').get(id) as
    | AwayRow
    | undefined;
  return row && toAway(row);
}

/** A member's away periods (not cancelled) whose last day is on or after `fromDate`, earliest first. */
export function awayOfMember(db: Db, seriesId: number, userId: string, fromDate: string): AwayPeriod[] {
  return (
    stmt(
      db,
      `SELECT * FROM away_periods INDEXED BY away_by_user
       WHERE series_id = ? AND user_id = ? AND cancelled_at IS NULL AND until_date >= ? ORDER BY from_date`,
    ).all(seriesId, userId, fromDate) as AwayRow[]
  ).map(toAway);
}

/** Every away period of a series (not cancelled) that ends on or after `fromDate`, earliest first. */
export function awayOfSeries(db: Db, seriesId: number, fromDate: string): AwayPeriod[] {
  return (
    stmt(
      db,
      `SELECT * FROM away_periods INDEXED BY away_by_series
       WHERE series_id = ? AND cancelled_at IS NULL AND until_date >= ? ORDER BY from_date, id`,
    ).all(seriesId, fromDate) as AwayRow[]
  ).map(toAway);
}

/** Away periods (not cancelled) of the given members of a series that began on or before `date`. */
export function awayBegunBy(db: Db, seriesId: number, date: string): AwayPeriod[] {
  return (
    stmt(
      db,
      `SELECT * FROM away_periods INDEXED BY away_by_user
       WHERE series_id = ? AND cancelled_at IS NULL AND from_date <= ? ORDER BY user_id, from_date`,
    ).all(seriesId, date) as AwayRow[]
  ).map(toAway);
}

export function shortenAway(db: Db, id: number, untilDate: string): void {
  stmt(db, 'UPDATE away_periods SET until_date = ? WHERE id = ?').run(untilDate, id);
}

export function cancelAway(db: Db, id: number, now: number): void {
  stmt(db, 'UPDATE away_periods SET cancelled_at = ? WHERE id = ?').run(now, id);
}

/** Start of the latest meeting held by `at` in which the member had a slot. */
export function lastHeldSlotAt(db: Db, seriesId: number, userId: string, at: number): number | null {
  const row = stmt(
    db,
    `SELECT max(m.starts_at) AS t FROM slots s JOIN meetings m ON m.id = s.meeting_id
     WHERE s.user_id = ? AND m.series_id = ? AND m.starts_at <= ? AND m.status IN ('scheduled', 'postponed')`,
  ).get(userId, seriesId, at) as { t: number | null };
  return row.t;
}

/** Whether a meeting was held in [from, to) without the member in a slot. */
export function heldWithout(db: Db, seriesId: number, userId: string, from: number, to: number): boolean {
  return (
    stmt(
      db,
      `SELECT 1 FROM meetings m WHERE m.series_id = ? AND m.starts_at >= ? AND m.starts_at < ?
         AND m.status IN ('scheduled', 'postponed')
         AND NOT EXISTS (SELECT 1 FROM slots s WHERE s.meeting_id = m.id AND s.user_id = ?) LIMIT 1`,
    ).get(seriesId, from, to, userId) !== undefined
  );
}
