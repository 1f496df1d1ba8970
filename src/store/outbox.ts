import type { Db } from './db.ts';

export type OutboxState = 'pending' | 'sent' | 'stale' | 'failed' | 'cancelled' | 'skipped' | 'superseded';

export interface OutboxRow {
  id: number;
  seriesId: number;
  meetingId: number | null;
  kind: string;
  target: string;
  channelId: string;
  dueAt: number;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  messageId: string | null;
  data: unknown;
  createdAt: number;
  sentAt: number | null;
  /** The instant the last attempt began, recorded before it was made. */
  attemptAt: number | null;
  /** A digest of what the last attempt sent, to recognise it in Discord. */
  attemptDigest: string | null;
  /** The last attempt may have reached Discord: look it up before sending again. */
  inDoubt: boolean;
}

interface Row {
  id: number;
  series_id: number;
  meeting_id: number | null;
  kind: string;
  target: string;
  channel_id: string;
  due_at: number;
  state: string;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  message_id: string | null;
  data_json: string | null;
  created_at: number;
  sent_at: number | null;
  attempt_at: number | null;
  attempt_digest: string | null;
  in_doubt: number;
}

function toOutbox(r: Row): OutboxRow {
  return {
    id: r.id,
    seriesId: r.series_id,
    meetingId: r.meeting_id,
    kind: r.kind,
    target: r.target,
    channelId: r.channel_id,
    dueAt: r.due_at,
    state: r.state as OutboxState,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
    messageId: r.message_id,
    data: r.data_json === null ? null : JSON.parse(r.data_json),
    createdAt: r.created_at,
    sentAt: r.sent_at,
    attemptAt: r.attempt_at,
    attemptDigest: r.attempt_digest,
    inDoubt: r.in_doubt === 1,
  };
}

export interface NewOutbox {
  seriesId: number;
  meetingId: number | null;
  kind: string;
  target: string;
  channelId: string;
  dueAt: number;
  data?: unknown;
}

/** `?, ?, …`: one placeholder per value of a list (never empty: callers return early). */
function placeholders(values: readonly unknown[]): string {
  return values.map(() => '?').join(', ');
}

/** Adds a post unless one with the same (series, meeting, kind, target) exists. Returns its id when added. */
export async function enqueue(db: Db, o: NewOutbox, now: number): Promise<number | null> {
  const row = await db.get<{ id: number }>(
    `INSERT INTO outbox (series_id, meeting_id, kind, target, channel_id, due_at, next_attempt_at, data_json, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id`,
    [
      o.seriesId,
      o.meetingId,
      o.kind,
      o.target,
      o.channelId,
      o.dueAt,
      o.dueAt,
      o.data === undefined ? null : JSON.stringify(o.data),
      now,
    ],
  );
  return row?.id ?? null;
}

/**
 * Pending posts due by `now`, earliest first: the heartbeat's one indexed query (partial index `outbox_due`).
 * Scheduled-event rows are not among them: they have their own lane, `dueMirrorRows`.
 */
export async function dueRows(db: Db, now: number, limit: number): Promise<OutboxRow[]> {
  const rows = await db.all<Row>(
    `SELECT * FROM outbox WHERE state = 'pending' AND next_attempt_at <= ?
     AND kind != 'event:sync' ORDER BY next_attempt_at, id LIMIT ?`,
    [now, limit],
  );
  return rows.map(toOutbox);
}

export async function getOutbox(db: Db, id: number): Promise<OutboxRow | undefined> {
  const row = await db.get<Row>('SELECT * FROM outbox WHERE id = ?', [id]);
  return row && toOutbox(row);
}

/** The scheduled-event lane: pending `event:sync` rows due by `now`, earliest first (index `outbox_due`). */
export async function dueMirrorRows(db: Db, now: number, limit: number): Promise<OutboxRow[]> {
  const rows = await db.all<Row>(
    `SELECT * FROM outbox WHERE state = 'pending' AND next_attempt_at <= ?
     AND kind = 'event:sync' ORDER BY next_attempt_at, id LIMIT ?`,
    [now, limit],
  );
  return rows.map(toOutbox);
}

/** Puts a pending row off until `at` without counting an attempt (the mirror waiting for room). */
export async function deferRow(db: Db, id: number, at: number, why: string): Promise<void> {
  await db.run('UPDATE outbox SET next_attempt_at = ?, last_error = ? WHERE id = ?', [
    at,
    why.slice(0, 500),
    id,
  ]);
}

/**
 * Records an attempt before it is made: from here until it is marked, the row
 * is in doubt (a crash now leaves it to be looked up, not blindly re-sent).
 */
export async function markAttempt(db: Db, id: number, at: number, digest: string): Promise<void> {
  await db.run('UPDATE outbox SET attempt_at = ?, attempt_digest = ?, in_doubt = 1 WHERE id = ?', [
    at,
    digest,
    id,
  ]);
}

export async function markSent(db: Db, id: number, messageId: string, now: number): Promise<void> {
  await db.run(
    `UPDATE outbox SET state = 'sent', message_id = ?, sent_at = ?, attempts = attempts + 1, in_doubt = 0
     WHERE id = ?`,
    [messageId, now, id],
  );
}

/**
 * Marks a row sent only if it is still pending with the data it had when
 * `row` was read: a row re-armed meanwhile (planning asked for a newer version
 * of a scheduled event during the call) stays pending. Returns whether it was
 * marked. Run it inside the transaction that records what was sent.
 */
export async function markSentIfUnchanged(
  db: Db,
  row: OutboxRow,
  messageId: string,
  now: number,
): Promise<boolean> {
  // Lock the row first (a no-op write; PostgreSQL holds its row lock to the end of the
  // transaction, SQLite's write lock is held already), so that planning cannot change it
  // between the comparison and the mark.
  await db.run('UPDATE outbox SET state = state WHERE id = ?', [row.id]);
  const current = await getOutbox(db, row.id);
  // Compared decoded: SQLite may write the same number as 4 or 4.0.
  if (current?.state !== 'pending' || JSON.stringify(current.data) !== JSON.stringify(row.data)) return false;
  await markSent(db, row.id, messageId, now);
  return true;
}

export async function markDone(
  db: Db,
  id: number,
  state: 'stale' | 'skipped' | 'cancelled' | 'superseded',
  why: string,
): Promise<void> {
  await db.run('UPDATE outbox SET state = ?, last_error = ? WHERE id = ?', [state, why, id]);
}

/** A failed attempt, tried again at `nextAttemptAt`; `inDoubt` says whether that try starts with a lookup. */
export async function markRetry(
  db: Db,
  id: number,
  nextAttemptAt: number,
  error: string,
  inDoubt: boolean,
): Promise<void> {
  await db.run(
    'UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?, in_doubt = ? WHERE id = ?',
    [nextAttemptAt, error.slice(0, 500), inDoubt ? 1 : 0, id],
  );
}

/** A lookup found nothing: the row is no longer in doubt and is sent now. */
export async function clearDoubt(db: Db, id: number): Promise<void> {
  await db.run('UPDATE outbox SET in_doubt = 0 WHERE id = ?', [id]);
}

export async function markFailed(db: Db, id: number, error: string): Promise<void> {
  await db.run(
    `UPDATE outbox SET state = 'failed', attempts = attempts + 1, last_error = ?, in_doubt = 0 WHERE id = ?`,
    [error.slice(0, 500), id],
  );
}

/** Whether a Discord message (or event) id is already recorded as some row's: a lookup must not take it twice. */
export async function isClaimedMessage(db: Db, messageId: string): Promise<boolean> {
  return (
    (await db.get('SELECT 1 AS found FROM outbox WHERE message_id = ? LIMIT 1', [messageId])) !== undefined
  );
}

/** Pending reminder rows of these meetings due by `now`: what the collapse of missed reminders looks at. */
export async function overdueReminders(
  db: Db,
  meetingIds: readonly number[],
  now: number,
): Promise<OutboxRow[]> {
  if (meetingIds.length === 0) return [];
  const rows = await db.all<Row>(
    `SELECT * FROM outbox WHERE meeting_id IN (${placeholders(meetingIds)})
       AND kind IN ('title_request', 'title_nudge', 'agenda') AND state = 'pending' AND next_attempt_at <= ?`,
    [...meetingIds, now],
  );
  return rows.map(toOutbox);
}

/** Everything posted or pending for a series, for tests, the demo and exports. */
export async function outboxOfSeries(db: Db, seriesId: number): Promise<OutboxRow[]> {
  const rows = await db.all<Row>('SELECT * FROM outbox WHERE series_id = ? ORDER BY id', [seriesId]);
  return rows.map(toOutbox);
}

export async function nextDueAt(db: Db): Promise<number | null> {
  const row = await db.get<{ t: number | null }>(
    `SELECT min(next_attempt_at) AS t FROM outbox WHERE state = 'pending'`,
  );
  return row?.t ?? null;
}

/** Cancels a pending post by its key (a resume notice made obsolete by an early resume). */
export async function cancelPending(db: Db, seriesId: number, kind: string, target: string): Promise<void> {
  await db.run(
    `UPDATE outbox SET state = 'cancelled' WHERE series_id = ? AND kind = ? AND target = ? AND state = 'pending'`,
    [seriesId, kind, target],
  );
}

/** Change notices of a series sent in [from, to), oldest first: the season's announcements. */
export async function sentNotices(db: Db, seriesId: number, from: number, to: number): Promise<OutboxRow[]> {
  const rows = await db.all<Row>(
    `SELECT * FROM outbox WHERE series_id = ? AND kind LIKE 'notice:%' AND state = 'sent' AND sent_at >= ? AND sent_at < ?
     ORDER BY sent_at, id`,
    [seriesId, from, to],
  );
  return rows.map(toOutbox);
}

/** The reminder and event rows of some meetings, in one indexed read. */
export async function meetingOutbox(db: Db, meetingIds: readonly number[]): Promise<OutboxRow[]> {
  if (meetingIds.length === 0) return [];
  const rows = await db.all<Row>(
    `SELECT * FROM outbox WHERE meeting_id IN (${placeholders(meetingIds)}) AND target IN ('channel', 'event')`,
    meetingIds,
  );
  return rows.map(toOutbox);
}

/** A reminder due again at `dueAt` (its meeting moved or came back). */
export async function rearmReminder(db: Db, id: number, dueAt: number, channelId: string): Promise<void> {
  await db.run(
    `UPDATE outbox SET due_at = ?, next_attempt_at = ?, channel_id = ?, state = 'pending', attempts = 0, last_error = NULL
     WHERE id = ? AND state != 'sent'`,
    [dueAt, dueAt, channelId, id],
  );
}

/** The scheduled event should follow `version` of its meeting: due at once. */
export async function rearmEvent(db: Db, id: number, version: number, now: number): Promise<void> {
  await db.run(
    `UPDATE outbox SET state = 'pending', due_at = ?, next_attempt_at = ?, attempts = 0, last_error = NULL,
       data_json = ? WHERE id = ?`,
    [now, now, JSON.stringify({ version }), id],
  );
}

/** The direct-message reminder rows (`dm:<userId>` targets) of some meetings, in one indexed read. */
export async function meetingDmOutbox(db: Db, meetingIds: readonly number[]): Promise<OutboxRow[]> {
  if (meetingIds.length === 0) return [];
  const rows = await db.all<Row>(
    `SELECT * FROM outbox WHERE meeting_id IN (${placeholders(meetingIds)}) AND target LIKE 'dm:%'`,
    meetingIds,
  );
  return rows.map(toOutbox);
}
