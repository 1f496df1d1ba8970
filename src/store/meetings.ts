import type { Meeting, MeetingStatus } from '../domain/model.ts';
import { type Db, stmt } from './db.ts';

interface MeetingRow {
  id: number;
  series_id: number;
  seq: number;
  planned_at: number;
  starts_at: number;
  status: string;
  reason: string | null;
  pause_id: number | null;
  version: number;
}

function toMeeting(r: MeetingRow): Meeting {
  return {
    id: r.id,
    seriesId: r.series_id,
    seq: r.seq,
    plannedAt: r.planned_at,
    startsAt: r.starts_at,
    status: r.status as MeetingStatus,
    reason: r.reason,
    pauseId: r.pause_id,
    version: r.version,
  };
}

export function getMeeting(db: Db, id: number): Meeting | undefined {
  const row = stmt(db, 'SELECT * FROM meetings WHERE id = ?').get(id) as MeetingRow | undefined;
  return row && toMeeting(row);
}

/** Meetings of a series starting after `after`, in order (cancelled ones included). */
export function meetingsAfter(db: Db, seriesId: number, after: number): Meeting[] {
  return (
    stmt(db, 'SELECT * FROM meetings WHERE series_id = ? AND starts_at > ? ORDER BY seq').all(
      seriesId,
      after,
    ) as MeetingRow[]
  ).map(toMeeting);
}

/** Meetings of a series starting in [from, to), in order. */
export function meetingsBetween(db: Db, seriesId: number, from: number, to: number): Meeting[] {
  return (
    stmt(
      db,
      'SELECT * FROM meetings WHERE series_id = ? AND starts_at >= ? AND starts_at < ? ORDER BY seq',
    ).all(seriesId, from, to) as MeetingRow[]
  ).map(toMeeting);
}

/** The latest meeting at or before `at` that was not cancelled. */
export function lastHeldMeeting(db: Db, seriesId: number, at: number): Meeting | undefined {
  const row = stmt(
    db,
    `SELECT * FROM meetings WHERE series_id = ? AND starts_at <= ? AND status IN ('scheduled', 'postponed')
     ORDER BY starts_at DESC LIMIT 1`,
  ).get(seriesId, at) as MeetingRow | undefined;
  return row && toMeeting(row);
}

export function lastMeeting(db: Db, seriesId: number): Meeting | undefined {
  const row = stmt(db, 'SELECT * FROM meetings WHERE series_id = ? ORDER BY seq DESC LIMIT 1').get(
    seriesId,
  ) as MeetingRow | undefined;
  return row && toMeeting(row);
}

export function insertMeeting(
  db: Db,
  m: { seriesId: number; seq: number; startsAt: number; status: MeetingStatus; pauseId: number | null },
): number {
  const info = stmt(
    db,
    `INSERT INTO meetings (series_id, seq, planned_at, starts_at, status, pause_id)
     VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(m.seriesId, m.seq, m.startsAt, m.startsAt, m.status, m.pauseId);
  return Number(info.lastInsertRowid);
}

/** Changes a meeting's time or status; bumps its version (the calendar SEQUENCE). */
export function updateMeeting(
  db: Db,
  id: number,
  change: { startsAt: number; status: MeetingStatus; reason: string | null; pauseId: number | null },
): void {
  stmt(
    db,
    `UPDATE meetings SET starts_at = ?, status = ?, reason = ?, pause_id = ?, version = version + 1 WHERE id = ?`,
  ).run(change.startsAt, change.status, change.reason, change.pauseId, id);
}

/** How many turns each member took in meetings held up to `at`. */
export function pastTurns(db: Db, seriesId: number, at: number): Map<string, number> {
  const rows = stmt(
    db,
    `SELECT s.user_id AS userId, count(*) AS n FROM slots s JOIN meetings m ON m.id = s.meeting_id
     WHERE m.series_id = ? AND m.starts_at <= ? AND m.status IN ('scheduled', 'postponed') AND s.user_id IS NOT NULL
     GROUP BY s.user_id`,
  ).all(seriesId, at) as { userId: string; n: number }[];
  return new Map(rows.map((r) => [r.userId, r.n]));
}

/** Meetings of a series planned for, or moved to, a start in [from, to). */
export function meetingsTouching(db: Db, seriesId: number, from: number, to: number): Meeting[] {
  return (
    stmt(
      db,
      `SELECT * FROM meetings WHERE series_id = ?
         AND ((starts_at >= ? AND starts_at < ?) OR (planned_at >= ? AND planned_at < ?))
       ORDER BY seq`,
    ).all(seriesId, from, to, from, to) as MeetingRow[]
  ).map(toMeeting);
}

/** Moves a meeting to a new recurrence (series set-up changed). */
export function retimeMeeting(
  db: Db,
  id: number,
  at: number,
  status: MeetingStatus,
  pauseId: number | null,
): void {
  stmt(
    db,
    `UPDATE meetings SET planned_at = :at, starts_at = :at, status = :status, pause_id = :pause,
       reason = CASE WHEN :status = 'skipped' THEN reason END, version = version + 1
     WHERE id = :id`,
  ).run({ at, status, pause: pauseId, id });
}

export function meetingsOfPause(db: Db, pauseId: number, after: number): Meeting[] {
  return (
    stmt(db, 'SELECT * FROM meetings WHERE pause_id = ? AND starts_at > ? ORDER BY seq').all(
      pauseId,
      after,
    ) as MeetingRow[]
  ).map(toMeeting);
}
