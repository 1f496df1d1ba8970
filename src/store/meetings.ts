import type { Meeting, MeetingStatus } from '../domain/model.ts';
import type { Db } from './db.ts';

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

export async function getMeeting(db: Db, id: number): Promise<Meeting | undefined> {
  const row = await db.get<MeetingRow>('SELECT * FROM meetings WHERE id = ?', [id]);
  return row && toMeeting(row);
}

/** Meetings of a series starting after `after`, in order (cancelled ones included). */
export async function meetingsAfter(db: Db, seriesId: number, after: number): Promise<Meeting[]> {
  const rows = await db.all<MeetingRow>(
    'SELECT * FROM meetings WHERE series_id = ? AND starts_at > ? ORDER BY seq',
    [seriesId, after],
  );
  return rows.map(toMeeting);
}

/** The first meeting of a series after `after` that is held (not skipped or paused), if any. */
export async function nextHeldMeeting(db: Db, seriesId: number, after: number): Promise<Meeting | undefined> {
  const row = await db.get<MeetingRow>(
    `SELECT * FROM meetings WHERE series_id = ? AND starts_at > ? AND status NOT IN ('skipped', 'paused')
     ORDER BY seq LIMIT 1`,
    [seriesId, after],
  );
  return row && toMeeting(row);
}

/** Meetings of a series starting in [from, to), in order. */
export async function meetingsBetween(
  db: Db,
  seriesId: number,
  from: number,
  to: number,
): Promise<Meeting[]> {
  const rows = await db.all<MeetingRow>(
    'SELECT * FROM meetings WHERE series_id = ? AND starts_at >= ? AND starts_at < ? ORDER BY seq',
    [seriesId, from, to],
  );
  return rows.map(toMeeting);
}

/** The latest meeting at or before `at` that was not cancelled. */
export async function lastHeldMeeting(db: Db, seriesId: number, at: number): Promise<Meeting | undefined> {
  const row = await db.get<MeetingRow>(
    `SELECT * FROM meetings WHERE series_id = ? AND starts_at <= ? AND status IN ('scheduled', 'postponed')
     ORDER BY starts_at DESC LIMIT 1`,
    [seriesId, at],
  );
  return row && toMeeting(row);
}

export async function lastMeeting(db: Db, seriesId: number): Promise<Meeting | undefined> {
  const row = await db.get<MeetingRow>(
    'SELECT * FROM meetings WHERE series_id = ? ORDER BY seq DESC LIMIT 1',
    [seriesId],
  );
  return row && toMeeting(row);
}

export async function insertMeeting(
  db: Db,
  m: { seriesId: number; seq: number; startsAt: number; status: MeetingStatus; pauseId: number | null },
): Promise<number> {
  const row = await db.get<{ id: number }>(
    `INSERT INTO meetings (series_id, seq, planned_at, starts_at, status, pause_id)
     VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
    [m.seriesId, m.seq, m.startsAt, m.startsAt, m.status, m.pauseId],
  );
  return row!.id;
}

/** Changes a meeting's time or status; bumps its version (the calendar SEQUENCE). */
export async function updateMeeting(
  db: Db,
  id: number,
  change: { startsAt: number; status: MeetingStatus; reason: string | null; pauseId: number | null },
): Promise<void> {
  await db.run(
    `UPDATE meetings SET starts_at = ?, status = ?, reason = ?, pause_id = ?, version = version + 1 WHERE id = ?`,
    [change.startsAt, change.status, change.reason, change.pauseId, id],
  );
}

/** How many turns each member took in meetings held up to `at`. */
export async function pastTurns(db: Db, seriesId: number, at: number): Promise<Map<string, number>> {
  const rows = await db.all<{ user_id: string; n: number }>(
    `SELECT s.user_id, count(*) AS n FROM slots s JOIN meetings m ON m.id = s.meeting_id
     WHERE m.series_id = ? AND m.starts_at <= ? AND m.status IN ('scheduled', 'postponed') AND s.user_id IS NOT NULL
     GROUP BY s.user_id`,
    [seriesId, at],
  );
  return new Map(rows.map((r) => [r.user_id, r.n]));
}

/** Meetings of a series planned for, or moved to, a start in [from, to). */
export async function meetingsTouching(
  db: Db,
  seriesId: number,
  from: number,
  to: number,
): Promise<Meeting[]> {
  const rows = await db.all<MeetingRow>(
    `SELECT * FROM meetings WHERE series_id = ?
       AND ((starts_at >= ? AND starts_at < ?) OR (planned_at >= ? AND planned_at < ?))
     ORDER BY seq`,
    [seriesId, from, to, from, to],
  );
  return rows.map(toMeeting);
}

/** Moves a meeting to a new recurrence (series set-up changed). */
export async function retimeMeeting(
  db: Db,
  id: number,
  at: number,
  status: MeetingStatus,
  pauseId: number | null,
): Promise<void> {
  // The CAST: PostgreSQL cannot infer the type of a parameter compared only to a literal.
  await db.run(
    `UPDATE meetings SET planned_at = :at, starts_at = :at, status = :status, pause_id = :pause,
       reason = CASE WHEN CAST(:status AS TEXT) = 'skipped' THEN reason END, version = version + 1
     WHERE id = :id`,
    { at, status, pause: pauseId, id },
  );
}

export async function meetingsOfPause(db: Db, pauseId: number, after: number): Promise<Meeting[]> {
  const rows = await db.all<MeetingRow>(
    'SELECT * FROM meetings WHERE pause_id = ? AND starts_at > ? ORDER BY seq',
    [pauseId, after],
  );
  return rows.map(toMeeting);
}
