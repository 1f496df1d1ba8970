-- Messages that outlive their buttons. A swap request is a channel post (an
-- outbox row, whose message id delivery records); the request remembers it.
-- An edit is a row here: "show the current state of the message of outbox row
-- N" (the request answered, expired or withdrawn; a call for a volunteer whose
-- slot was taken). It is rendered from the database when it is applied, so a
-- later change of state needs no second row while the first is pending.

ALTER TABLE swap_requests ADD COLUMN outbox_id INTEGER REFERENCES outbox (id) ON DELETE SET NULL;

CREATE TABLE message_edits (
  id INTEGER PRIMARY KEY,
  outbox_id INTEGER NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'skipped', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  done_at INTEGER
) STRICT;
-- At most one pending edit per message: it shows the latest state anyway.
CREATE UNIQUE INDEX message_edits_pending ON message_edits (outbox_id) WHERE state = 'pending';
-- The heartbeat's query: pending edits due by now.
CREATE INDEX message_edits_due ON message_edits (next_attempt_at, id) WHERE state = 'pending';

-- `@everyone` (the role whose id is the guild's) was once accepted as the
-- organiser role; it made every member an organiser. It is refused now, and
-- dropped here.
UPDATE guild_settings SET organiser_role_id = NULL WHERE organiser_role_id = guild_id;
