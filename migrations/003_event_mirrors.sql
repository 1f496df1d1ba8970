-- Discord scheduled events mirroring upcoming meetings. Podium's meetings
-- stay the source of truth; this remembers which Discord event shows which
-- meeting, and which version of it.
CREATE TABLE event_mirrors (
  meeting_id INTEGER PRIMARY KEY REFERENCES meetings (id) ON DELETE CASCADE,
  guild_id TEXT NOT NULL,
  event_id TEXT NOT NULL,
  synced_version INTEGER NOT NULL,
  cancelled INTEGER NOT NULL DEFAULT 0
) STRICT;
