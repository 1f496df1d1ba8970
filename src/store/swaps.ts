import type { SwapRequest, SwapStatus } from '../domain/model.ts';
import type { Db } from './db.ts';

interface SwapRow {
  id: number;
  series_id: number;
  from_user_id: string;
  from_meeting_id: number;
  to_user_id: string;
  to_meeting_id: number | null;
  status: string;
  expires_at: number;
  created_at: number;
}

function toSwap(r: SwapRow): SwapRequest {
  return {
    id: r.id,
    seriesId: r.series_id,
    fromUserId: r.from_user_id,
    fromMeetingId: r.from_meeting_id,
    toUserId: r.to_user_id,
    toMeetingId: r.to_meeting_id,
    status: r.status as SwapStatus,
    expiresAt: r.expires_at,
    createdAt: r.created_at,
  };
}

export async function insertSwap(db: Db, s: Omit<SwapRequest, 'id' | 'status'>): Promise<number> {
  const row = await db.get<{ id: number }>(
    `INSERT INTO swap_requests (series_id, from_user_id, from_meeting_id, to_user_id, to_meeting_id, expires_at, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    [s.seriesId, s.fromUserId, s.fromMeetingId, s.toUserId, s.toMeetingId, s.expiresAt, s.createdAt],
  );
  return row!.id;
}

export async function getSwap(db: Db, id: number): Promise<SwapRequest | undefined> {
  const row = await db.get<SwapRow>('SELECT * FROM swap_requests WHERE id = ?', [id]);
  return row && toSwap(row);
}

export async function pendingSwapFor(
  db: Db,
  fromUserId: string,
  fromMeetingId: number,
): Promise<SwapRequest | undefined> {
  const row = await db.get<SwapRow>(
    `SELECT * FROM swap_requests WHERE from_user_id = ? AND from_meeting_id = ? AND status = 'pending'
     ORDER BY id LIMIT 1`,
    [fromUserId, fromMeetingId],
  );
  return row && toSwap(row);
}

/** Remembers the channel post (outbox row) that shows the request. */
export async function setSwapPost(db: Db, id: number, outboxId: number): Promise<void> {
  await db.run('UPDATE swap_requests SET outbox_id = ? WHERE id = ?', [outboxId, id]);
}

/** The outbox row of the request's channel post, if it has one. */
export async function swapPostOf(db: Db, id: number): Promise<number | null> {
  const row = await db.get<{ outbox_id: number | null }>('SELECT outbox_id FROM swap_requests WHERE id = ?', [
    id,
  ]);
  return row?.outbox_id ?? null;
}

/** The asker's pending requests to one member in a series, newest first. */
export async function pendingSwapsBetween(
  db: Db,
  seriesId: number,
  fromUserId: string,
  toUserId: string,
): Promise<SwapRequest[]> {
  const rows = await db.all<SwapRow>(
    `SELECT * FROM swap_requests WHERE series_id = ? AND from_user_id = ? AND to_user_id = ? AND status = 'pending'
     ORDER BY id DESC`,
    [seriesId, fromUserId, toUserId],
  );
  return rows.map(toSwap);
}

/** Decides a pending request; false when it was no longer pending. */
export async function decideSwap(db: Db, id: number, status: SwapStatus, now: number): Promise<boolean> {
  const changed = await db.run(
    `UPDATE swap_requests SET status = ?, decided_at = ? WHERE id = ? AND status = 'pending'`,
    [status, now, id],
  );
  return changed === 1;
}

/** Pending requests whose deadline has passed. */
export async function expiredSwaps(db: Db, now: number, limit: number): Promise<SwapRequest[]> {
  const rows = await db.all<SwapRow>(
    `SELECT * FROM swap_requests WHERE status = 'pending' AND expires_at <= ? ORDER BY expires_at, id LIMIT ?`,
    [now, limit],
  );
  return rows.map(toSwap);
}
