import type { Pause } from '../domain/model.ts';
import type { Db } from './db.ts';

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

export async function insertPause(
  db: Db,
  p: { seriesId: number; fromDate: string; untilDate: string; reason: string | null; createdBy: string },
  now: number,
): Promise<number> {
  const row = await db.get<{ id: number }>(
    `INSERT INTO pauses (series_id, from_date, until_date, reason, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)
     RETURNING id`,
    [p.seriesId, p.fromDate, p.untilDate, p.reason, p.createdBy, now],
  );
  return row!.id;
}

/** Pauses not yet ended whose last day is on or after `fromDate`. */
export async function openPauses(db: Db, seriesId: number, fromDate: string): Promise<Pause[]> {
  const rows = await db.all<PauseRow>(
    'SELECT * FROM pauses WHERE series_id = ? AND ended_at IS NULL AND until_date >= ? ORDER BY from_date, id',
    [seriesId, fromDate],
  );
  return rows.map(toPause);
}

export async function getPause(db: Db, id: number): Promise<Pause | undefined> {
  const row = await db.get<PauseRow>('SELECT * FROM pauses WHERE id = ?', [id]);
  return row && toPause(row);
}

export async function endPause(db: Db, id: number, now: number): Promise<void> {
  await db.run('UPDATE pauses SET ended_at = ? WHERE id = ?', [now, id]);
}

/** Pauses of a series overlapping the dates [from, to], ended ones included. */
export async function pausesBetween(db: Db, seriesId: number, from: string, to: string): Promise<Pause[]> {
  const rows = await db.all<PauseRow>(
    'SELECT * FROM pauses WHERE series_id = ? AND from_date <= ? AND until_date >= ? ORDER BY from_date, id',
    [seriesId, to, from],
  );
  return rows.map(toPause);
}
