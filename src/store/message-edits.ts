import type { Db } from './db.ts';

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
export async function requestEdit(db: Db, outboxId: number, now: number): Promise<void> {
  await db.run(
    `INSERT INTO message_edits (outbox_id, next_attempt_at, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
    [outboxId, now, now],
  );
}

/** Asks for every call for a volunteer of a meeting (sent, or on its way) to be edited. */
export async function requestReleaseNoticeEdits(db: Db, meetingId: number, now: number): Promise<void> {
  // The CASTs: PostgreSQL cannot infer the type of a parameter in a SELECT list.
  await db.run(
    `INSERT INTO message_edits (outbox_id, next_attempt_at, created_at)
     SELECT id, CAST(? AS BIGINT), CAST(? AS BIGINT) FROM outbox
     WHERE meeting_id = ? AND kind = 'notice:release' AND state IN ('sent', 'pending')
     ON CONFLICT DO NOTHING`,
    [now, now, meetingId],
  );
}

/** Pending edits due by `now`, earliest first (index message_edits_due). */
export async function dueEdits(db: Db, now: number, limit: number): Promise<MessageEdit[]> {
  const rows = await db.all<Row>(
    `SELECT id, outbox_id, attempts, next_attempt_at FROM message_edits
     WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`,
    [now, limit],
  );
  return rows.map(toEdit);
}

export async function markEditDone(
  db: Db,
  id: number,
  state: 'done' | 'skipped',
  why: string | null,
  now: number,
): Promise<void> {
  await db.run('UPDATE message_edits SET state = ?, last_error = ?, done_at = ? WHERE id = ?', [
    state,
    why,
    now,
    id,
  ]);
}

/** Tries again at `nextAttemptAt`; `counts` is false while the edit only waits for its post to be sent. */
export async function markEditRetry(
  db: Db,
  id: number,
  nextAttemptAt: number,
  error: string,
  counts: boolean,
): Promise<void> {
  await db.run(
    'UPDATE message_edits SET attempts = attempts + ?, next_attempt_at = ?, last_error = ? WHERE id = ?',
    [counts ? 1 : 0, nextAttemptAt, error.slice(0, 500), id],
  );
}

export async function markEditFailed(db: Db, id: number, error: string, now: number): Promise<void> {
  await db.run(
    `UPDATE message_edits SET state = 'failed', attempts = attempts + 1, last_error = ?, done_at = ? WHERE id = ?`,
    [error.slice(0, 500), now, id],
  );
}

/** Every edit asked for a post, oldest first (tests, diagnostics). */
export async function editsOfPost(
  db: Db,
  outboxId: number,
): Promise<{ state: string; attempts: number; lastError: string | null }[]> {
  const rows = await db.all<{ state: string; attempts: number; last_error: string | null }>(
    'SELECT state, attempts, last_error FROM message_edits WHERE outbox_id = ? ORDER BY id',
    [outboxId],
  );
  return rows.map((r) => ({ state: r.state, attempts: r.attempts, lastError: r.last_error }));
}
