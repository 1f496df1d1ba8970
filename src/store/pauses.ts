import type { Pause } from '../domain/model.ts';
import { type Db, stmt } from './db.ts';

interface PauseRow {
  id: number;
  series_id: number;
  from_date: string;
  until_date: string;
  reason: string | null;
  ended_at: number | null;
}

function toPause(r: PauseRow): Pause {
  return {
    id: r.id,
    seriesId: r.series_id,
    fromDate: r.from_date,
    untilDate: r.until_date,
    reason: r.reason,
    endedAt: r.ended_at,
  };
}

export function insertPause(
  db: Db,
  p: { seriesId: number; fromDate: string; untilDate: string; reason: string | null; createdBy: string },
  now: number,
): number {
  const info = stmt(
    db,
    `INSERT INTO pauses (series_id, from_date, until_date, reason, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(p.seriesId, p.fromDate, p.untilDate, p.reason, p.createdBy, now);
  return Number(info.lastInsertRowid);
}

/** Pauses not yet ended whose last day is on or after `fromDate`. */
export function openPauses(db: Db, seriesId: number, fromDate: string): Pause[] {
  return (
    stmt(
      db,
      'SELECT * FROM pauses WHERE series_id = ? AND ended_at IS NULL AND until_date >= ? ORDER BY from_date',
    ).all(seriesId, fromDate) as PauseRow[]
  ).map(toPause);
}

export function getPause(db: Db, id: number): Pause | undefined {
  const row = stmt(db, 'SELECT * FROM pauses WHERE id = ?').get(id) as PauseRow | undefined;
  return row && toPause(row);
}

export function endPause(db: Db, id: number, now: number): void {
  stmt(db, 'UPDATE pauses SET ended_at = ? WHERE id = ?').run(now, id);
}

/** Pauses of a series overlapping the dates [from, to], ended ones included. */
export function pausesBetween(db: Db, seriesId: number, from: string, to: string): Pause[] {
  return (
    stmt(
      db,
      'SELECT * FROM pauses WHERE series_id = ? AND from_date <= ? AND until_date >= ? ORDER BY from_date',
    ).all(seriesId, to, from) as PauseRow[]
  ).map(toPause);
}
