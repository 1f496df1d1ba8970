import { type Db, stmt } from './db.ts';

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

/** Adds a post unless one with the same (series, meeting, kind, target) exists. Returns its id when added. */
export function enqueue(db: Db, o: NewOutbox, now: number): number | null {
  const info = stmt(
    db,
    `INSERT INTO outbox (series_id, meeting_id, kind, target, channel_id, due_at, next_attempt_at, data_json, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  ).run(
    o.seriesId,
    o.meetingId,
    o.kind,
    o.target,
    o.channelId,
    o.dueAt,
    o.dueAt,
    o.data === undefined ? null : JSON.stringify(o.data),
    now,
  );
  return info.changes === 1 ? Number(info.lastInsertRowid) : null;
}

/**
 * Pending posts due by `now`, earliest first: the heartbeat's one indexed query.
 * Scheduled-event rows are not among them: they have their own lane, `dueMirrorRows`.
 */
export function dueRows(db: Db, now: number, limit: number): OutboxRow[] {
  return (
    stmt(
      db,
      `SELECT * FROM outbox INDEXED BY outbox_due WHERE state = 'pending' AND next_attempt_at <= ?
       AND kind != 'event:sync' ORDER BY next_attempt_at, id LIMIT ?`,
    ).all(now, limit) as Row[]
  ).map(toOutbox);
}

export function getOutbox(db: Db, id: number): OutboxRow | undefined {
  const row = stmt(db, 'SELECT * FROM outbox WHERE id = ?').get(id) as Row | undefined;
  return row && toOutbox(row);
}

/** The scheduled-event lane: pending `event:sync` rows due by `now`, earliest first. */
export function dueMirrorRows(db: Db, now: number, limit: number): OutboxRow[] {
  return (
    stmt(
      db,
      `SELECT * FROM outbox INDEXED BY outbox_due WHERE state = 'pending' AND next_attempt_at <= ?
       AND kind = 'event:sync' ORDER BY next_attempt_at, id LIMIT ?`,
    ).all(now, limit) as Row[]
  ).map(toOutbox);
}

/** Puts a pending row off until `at` without counting an attempt (the mirror waiting for room). */
export function deferRow(db: Db, id: number, at: number, why: string): void {
  stmt(db, 'UPDATE outbox SET next_attempt_at = ?, last_error = ? WHERE id = ?').run(
    at,
    why.slice(0, 500),
    id,
  );
}

/**
 * Records an attempt before it is made: from here until it is marked, the row
 * is in doubt (a crash now leaves it to be looked up, not blindly re-sent).
 */
export function markAttempt(db: Db, id: number, at: number, digest: string): void {
  stmt(db, 'UPDATE outbox SET attempt_at = ?, attempt_digest = ?, in_doubt = 1 WHERE id = ?').run(
    at,
    digest,
    id,
  );
}

export function markSent(db: Db, id: number, messageId: string, now: number): void {
  stmt(
    db,
    `UPDATE outbox SET state = 'sent', message_id = ?, sent_at = ?, attempts = attempts + 1, in_doubt = 0
     WHERE id = ?`,
  ).run(messageId, now, id);
}

/**
 * Marks a row sent only if it is still pending with the data it had when
 * `row` was read: a row re-armed meanwhile (planning asked for a newer version
 * of a scheduled event during the call) stays pending. Returns whether it was
 * marked. Run it inside the transaction that records what was sent.
 */
export function markSentIfUnchanged(db: Db, row: OutboxRow, messageId: string, now: number): boolean {
  const current = getOutbox(db, row.id);
  // Compared decoded: SQLite may write the same number as 4 or 4.0.
  if (current?.state !== 'pending' || JSON.stringify(current.data) !== JSON.stringify(row.data)) return false;
  markSent(db, row.id, messageId, now);
  return true;
}

export function markDone(
  db: Db,
  id: number,
  state: 'stale' | 'skipped' | 'cancelled' | 'superseded',
  why: string,
): void {
  stmt(db, 'UPDATE outbox SET state = ?, last_error = ? WHERE id = ?').run(state, why, id);
}

/** A failed attempt, tried again at `nextAttemptAt`; `inDoubt` says whether that try starts with a lookup. */
export function markRetry(db: Db, id: number, nextAttemptAt: number, error: string, inDoubt: boolean): void {
  stmt(
    db,
    `UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?, in_doubt = ? WHERE id = ?`,
  ).run(nextAttemptAt, error.slice(0, 500), inDoubt ? 1 : 0, id);
}

/** A lookup found nothing: the row is no longer in doubt and is sent now. */
export function clearDoubt(db: Db, id: number): void {
  stmt(db, 'UPDATE outbox SET in_doubt = 0 WHERE id = ?').run(id);
}

export function markFailed(db: Db, id: number, error: string): void {
  stmt(
    db,
    `UPDATE outbox SET state = 'failed', attempts = attempts + 1, last_error = ?, in_doubt = 0 WHERE id = ?`,
  ).run(error.slice(0, 500), id);
}

/** Whether a Discord message (or event) id is already recorded as some row's: a lookup must not take it twice. */
export function isClaimedMessage(db: Db, messageId: string): boolean {
  return stmt(db, 'SELECT 1 FROM outbox WHERE message_id = ? LIMIT 1').get(messageId) !== undefined;
}

/** Pending reminder rows of these meetings due by `now`: what the collapse of missed reminders looks at. */
export function overdueReminders(db: Db, meetingIds: readonly number[], now: number): OutboxRow[] {
  if (meetingIds.length === 0) return [];
  return (
    stmt(
      db,
      `SELECT * FROM outbox WHERE meeting_id IN (SELECT value FROM json_each(?))
         AND kind IN ('title_request', 'title_nudge', 'agenda') AND state = 'pending' AND next_attempt_at <= ?`,
    ).all(JSON.stringify(meetingIds), now) as Row[]
  ).map(toOutbox);
}

/** Everything posted or pending for a series, for tests, the demo and exports. */
export function outboxOfSeries(db: Db, seriesId: number): OutboxRow[] {
  return (stmt(db, 'SELECT * FROM outbox WHERE series_id = ? ORDER BY id').all(seriesId) as Row[]).map(
    toOutbox,
  );
}

export function nextDueAt(db: Db): number | null {
  const row = stmt(db, `SELECT min(next_attempt_at) AS t FROM outbox WHERE state = 'pending'`).get() as {
    t: number | null;
  };
  return row.t;
}

/** Cancels a pending post by its key (a resume notice made obsolete by an early resume). */
export function cancelPending(db: Db, seriesId: number, kind: string, target: string): void {
  stmt(
    db,
    `UPDATE outbox SET state = 'cancelled' WHERE series_id = ? AND kind = ? AND target = ? AND state = 'pending'`,
  ).run(seriesId, kind, target);
}

/** Change notices of a series sent in [from, to), oldest first: the season's announcements. */
export function sentNotices(db: Db, seriesId: number, from: number, to: number): OutboxRow[] {
  return (
    stmt(
      db,
      `SELECT * FROM outbox WHERE series_id = ? AND kind LIKE 'notice:%' AND state = 'sent' AND sent_at >= ? AND sent_at < ?
       ORDER BY sent_at, id`,
    ).all(seriesId, from, to) as Row[]
  ).map(toOutbox);
}

/** The reminder and event rows of some meetings, in one indexed read. */
export function meetingOutbox(db: Db, meetingIds: readonly number[]): OutboxRow[] {
  if (meetingIds.length === 0) return [];
  return (
    stmt(
      db,
      `SELECT * FROM outbox WHERE meeting_id IN (SELECT value FROM json_each(?)) AND target IN ('channel', 'event')`,
    ).all(JSON.stringify(meetingIds)) as Row[]
  ).map(toOutbox);
}

/** A reminder due again at `dueAt` (its meeting moved or came back). */
export function rearmReminder(db: Db, id: number, dueAt: number, channelId: string): void {
  stmt(
    db,
    `UPDATE outbox SET due_at = ?, next_attempt_at = ?, channel_id = ?, state = 'pending', attempts = 0, last_error = NULL
     WHERE id = ? AND state != 'sent'`,
  ).run(dueAt, dueAt, channelId, id);
}

/** The scheduled event should follow `version` of its meeting: due at once. */
export function rearmEvent(db: Db, id: number, version: number, now: number): void {
  stmt(
    db,
    `UPDATE outbox SET state = 'pending', due_at = ?, next_attempt_at = ?, attempts = 0, last_error = NULL,
       data_json = json_object('version', ?) WHERE id = ?`,
  ).run(now, now, version, id);
}

/** The direct-message reminder rows (`dm:<userId>` targets) of some meetings, in one indexed read. */
export function meetingDmOutbox(db: Db, meetingIds: readonly number[]): OutboxRow[] {
  if (meetingIds.length === 0) return [];
  return (
    stmt(
      db,
      `SELECT * FROM outbox WHERE meeting_id IN (SELECT value FROM json_each(?)) AND target LIKE 'dm:%'`,
    ).all(JSON.stringify(meetingIds)) as Row[]
  ).map(toOutbox);
}
