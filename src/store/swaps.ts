import type { SwapRequest, SwapStatus } from '../domain/model.ts';
import { type Db, stmt } from './db.ts';

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

export function insertSwap(db: Db, s: Omit<SwapRequest, 'id' | 'status'>): number {
  const info = stmt(
    db,
    `INSERT INTO swap_requests (series_id, from_user_id, from_meeting_id, to_user_id, to_meeting_id, expires_at, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(s.seriesId, s.fromUserId, s.fromMeetingId, s.toUserId, s.toMeetingId, s.expiresAt, s.createdAt);
  return Number(info.lastInsertRowid);
}

export function getSwap(db: Db, id: number): SwapRequest | undefined {
  const row = stmt(db, 'SELECT * FROM swap_requests WHERE id = ?').get(id) as SwapRow | undefined;
  return row && toSwap(row);
}

export function pendingSwapFor(db: Db, fromUserId: string, fromMeetingId: number): SwapRequest | undefined {
  const row = stmt(
    db,
    `SELECT * FROM swap_requests WHERE from_user_id = ? AND from_meeting_id = ? AND status = 'pending' LIMIT 1`,
  ).get(fromUserId, fromMeetingId) as SwapRow | undefined;
  return row && toSwap(row);
}

/** Remembers the channel post (outbox row) that shows the request. */
export function setSwapPost(db: Db, id: number, outboxId: number): void {
  stmt(db, 'UPDATE swap_requests SET outbox_id = ? WHERE id = ?').run(outboxId, id);
}

/** The outbox row of the request's channel post, if it has one. */
export function swapPostOf(db: Db, id: number): number | null {
  const row = stmt(db, 'SELECT outbox_id FROM swap_requests WHERE id = ?').get(id) as
    | { outbox_id: number | null }
    | undefined;
  return row?.outbox_id ?? null;
}

/** The asker's pending requests to one member in a series, newest first. */
export function pendingSwapsBetween(
  db: Db,
  seriesId: number,
  fromUserId: string,
  toUserId: string,
): SwapRequest[] {
  return (
    stmt(
      db,
      `SELECT * FROM swap_requests WHERE series_id = ? AND from_user_id = ? AND to_user_id = ? AND status = 'pending'
       ORDER BY id DESC`,
    ).all(seriesId, fromUserId, toUserId) as SwapRow[]
  ).map(toSwap);
}

/** Decides a pending request; false when it was no longer pending. */
export function decideSwap(db: Db, id: number, status: SwapStatus, now: number): boolean {
  return (
    stmt(db, `UPDATE swap_requests SET status = ?, decided_at = ? WHERE id = ? AND status = 'pending'`).run(
      status,
      now,
      id,
    ).changes === 1
  );
}

/** Pending requests whose deadline has passed. */
export function expiredSwaps(db: Db, now: number, limit: number): SwapRequest[] {
  return (
    stmt(
      db,
      `SELECT * FROM swap_requests WHERE status = 'pending' AND expires_at <= ? ORDER BY expires_at LIMIT ?`,
    ).all(now, limit) as SwapRow[]
  ).map(toSwap);
}
