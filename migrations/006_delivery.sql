-- Delivery exactly once past Discord's dedup window, one deliverer at a time,
-- each interaction applied once, overdue reminders collapsed.
--
-- The outbox is rebuilt (a CHECK constraint cannot be altered in SQLite) with:
-- - state 'superseded': an overdue reminder made pointless by a more advanced
--   one of the same meeting (the agenda supersedes the nudge, which supersedes
--   the title request); never sent;
-- - the last attempt, recorded before it is made: attempt_at (its instant; the
--   lookup lists what the channel got after it) and attempt_digest (what it
--   sent); in_doubt = 1 while that attempt may have reached Discord (the
--   process died during it, or it ended in a time-out or a 5xx).

CREATE TABLE outbox_new (
  id INTEGER PRIMARY KEY,
  series_id INTEGER NOT NULL REFERENCES series (id) ON DELETE CASCADE,
  meeting_id INTEGER REFERENCES meetings (id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  target TEXT NOT NULL,
  channel_id TEXT NOT NULL,
  due_at INTEGER NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending'
    CHECK (state IN ('pending', 'sent', 'stale', 'failed', 'cancelled', 'skipped', 'superseded')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT,
  message_id TEXT,
  data_json TEXT,
  created_at INTEGER NOT NULL,
  sent_at INTEGER,
  attempt_at INTEGER,
  attempt_digest TEXT,
  in_doubt INTEGER NOT NULL DEFAULT 0 CHECK (in_doubt IN (0, 1))
) STRICT;

INSERT INTO outbox_new (id, series_id, meeting_id, kind, target, channel_id, due_at, state, attempts,
  next_attempt_at, last_error, message_id, data_json, created_at, sent_at, in_doubt)
SELECT id, series_id, meeting_id, kind, target, channel_id, due_at, state, attempts,
  next_attempt_at, last_error, message_id, data_json, created_at, sent_at,
  -- A pending row tried before this version relied on the nonce: treat it as in doubt.
  CASE WHEN state = 'pending' AND attempts > 0 THEN 1 ELSE 0 END
FROM outbox;

DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;

CREATE UNIQUE INDEX outbox_once ON outbox (series_id, ifnull(meeting_id, 0), kind, target);
-- The heartbeat's only query: pending rows due by now, in due order.
CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE state = 'pending';
CREATE INDEX outbox_by_meeting ON outbox (meeting_id, kind) WHERE meeting_id IS NOT NULL;
-- An in-doubt lookup skips messages that are already another row's.
CREATE INDEX outbox_by_message ON outbox (message_id) WHERE message_id IS NOT NULL;

-- Leases: who may do a job that only one process may do (delivery). The holder
-- renews its lease every second; another process takes it once it expires.
CREATE TABLE leases (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT;

-- Interactions and captured messages already applied, recorded in the same
-- transaction as their change, so that a second process seeing the same one
-- does nothing. Pruned after a day.
CREATE TABLE applied_events (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('interaction', 'message')),
  applied_at INTEGER NOT NULL
) STRICT;
CREATE INDEX applied_events_by_time ON applied_events (applied_at);
