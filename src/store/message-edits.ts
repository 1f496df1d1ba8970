import { type Db, stmt } from './db.ts';

/** A message to bring in line with the database: the post of outbox row `outboxId`, shown as things are now. */
export interface MessageEdit {
  id: number;
  outboxId: number;
  attempts: number;
  nextAttemptAt: number;
}

interface Row {
  id: number;
  outbox_id: number;
  attempts: number;
  next_attempt_at: number;
}

function toEdit(r: Row): MessageEdit {
  return { id: r.id, outboxId: r.outbox_id, attempts: r.attempts, nextAttemptAt: r.next_attempt_at };
}

/** Asks for the post of `outboxId` to be edited; a pending edit of it already covers the latest state. */
export function requestEdit(db: Db, outboxId: number, now: number): void {
  stmt(
    db,
    `INSERT INTO message_edits (outbox_id, next_attempt_at, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
  ).run(outboxId, now, now);
}

/** Asks for every call for a volunteer of a meeting (sent, or on its way) to be edited. */
export function requestReleaseNoticeEdits(db: Db, meetingId: number, now: number): void {
  stmt(
    db,
    `INSERT INTO message_edits (outbox_id, next_attempt_at, created_at)
     SELECT id, ?, ? FROM outbox WHERE meeting_id = ? AND kind = 'notice:release' AND state IN ('sent', 'pending')
     ON CONFLICT DO NOTHING`,
  ).run(now, now, meetingId);
}

/** Pending edits due by `now`, earliest first. */
export function dueEdits(db: Db, now: number, limit: number): MessageEdit[] {
  return (
    stmt(
      db,
      `SELECT id, outbox_id, attempts, next_attempt_at FROM message_edits INDEXED BY message_edits_due
       WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`,
    ).all(now, limit) as Row[]
  ).map(toEdit);
}

export function markEditDone(
  db: Db,
  id: number,
  state: 'done' | 'skipped',
  why: string | null,
  now: number,
): void {
  stmt(db, 'UPDATE message_edits SET state = ?, last_error = ?, done_at = ? WHERE id = ?').run(
    state,
    why,
    now,
    id,
  );
}

/** Tries again at `nextAttemptAt`; `counts` is false while the edit only waits for its post to be sent. */
export function markEditRetry(
  db: Db,
  id: number,
  nextAttemptAt: number,
  error: string,
  counts: boolean,
): void {
  stmt(
    db,
    'UPDATE message_edits SET attempts = attempts + ?, next_attempt_at = ?, last_error = ? WHERE id = ?',
  ).run(counts ? 1 : 0, nextAttemptAt, error.slice(0, 500), id);
}

export function markEditFailed(db: Db, id: number, error: string, now: number): void {
  stmt(
    db,
    `UPDATE message_edits SET state = 'failed', attempts = attempts + 1, last_error = ?, done_at = ? WHERE id = ?`,
  ).run(error.slice(0, 500), now, id);
}

/** Every edit asked for a post, oldest first (tests, diagnostics). */
export function editsOfPost(
  db: Db,
  outboxId: number,
): { state: string; attempts: number; lastError: string | null }[] {
  return stmt(
    db,
    'SELECT state, attempts, last_error AS lastError FROM message_edits WHERE outbox_id = ? ORDER BY id',
  ).all(outboxId) as { state: string; attempts: number; lastError: string | null }[];
}
