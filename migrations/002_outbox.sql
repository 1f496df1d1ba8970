-- Outbox: every post Podium makes is a row here first. One row per
-- (meeting, kind, target); the row id is the message nonce.

CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  series_id INTEGER NOT NULL REFERENCES series (id) ON DELETE CASCADE,
  meeting_id INTEGER REFERENCES meetings (id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  target TEXT NOT NULL,
  channel_id TEXT NOT NULL,
  due_at INTEGER NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'stale', 'failed', 'cancelled', 'skipped')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT,
  message_id TEXT,
  data_json TEXT,
  created_at INTEGER NOT NULL,
  sent_at INTEGER
) STRICT;
CREATE UNIQUE INDEX outbox_once ON outbox (series_id, ifnull(meeting_id, 0), kind, target);
-- The heartbeat's only query: pending rows due by now, in due order.
CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE state = 'pending';
CREATE INDEX outbox_by_meeting ON outbox (meeting_id, kind) WHERE meeting_id IS NOT NULL;

CREATE TABLE app_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
