-- Core tables: series, meetings, roster, slots, swaps, pauses, minutes,
-- audit log and guild settings. Instants are UTC milliseconds; each series
-- carries its IANA timezone beside them.

CREATE TABLE guild_settings (
  guild_id TEXT PRIMARY KEY,
  organiser_role_id TEXT,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE series (
  id INTEGER PRIMARY KEY,
  guild_id TEXT NOT NULL,
  channel_id TEXT NOT NULL,
  name TEXT NOT NULL,
  timezone TEXT NOT NULL,
  weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  hour INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),
  minute INTEGER NOT NULL CHECK (minute BETWEEN 0 AND 59),
  every_weeks INTEGER NOT NULL CHECK (every_weeks BETWEEN 1 AND 52),
  first_date TEXT NOT NULL,
  duration_min INTEGER NOT NULL DEFAULT 60,
  link TEXT,
  presenters INTEGER NOT NULL DEFAULT 2 CHECK (presenters BETWEEN 1 AND 10),
  language TEXT NOT NULL DEFAULT 'zh-CN' CHECK (language IN ('zh-CN', 'en')),
  topic_channel_id TEXT,
  title_request_min INTEGER,
  title_nudge_min INTEGER,
  agenda_min INTEGER,
  follow_up_min INTEGER,
  next_plan_at INTEGER NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX series_by_channel ON series (channel_id);
CREATE INDEX series_by_guild ON series (guild_id);
CREATE INDEX series_by_topic_channel ON series (topic_channel_id) WHERE topic_channel_id IS NOT NULL;
CREATE INDEX series_to_plan ON series (next_plan_at) WHERE active = 1;

CREATE TABLE pauses (
  id INTEGER PRIMARY KEY,
  series_id INTEGER NOT NULL REFERENCES series (id) ON DELETE CASCADE,
  from_date TEXT NOT NULL,
  until_date TEXT NOT NULL,
  reason TEXT,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  ended_at INTEGER,
  CHECK (until_date >= from_date)
) STRICT;
CREATE INDEX pauses_by_series ON pauses (series_id, until_date);

CREATE TABLE meetings (
  id INTEGER PRIMARY KEY,
  series_id INTEGER NOT NULL REFERENCES series (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  planned_at INTEGER NOT NULL,
  starts_at INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'postponed', 'skipped', 'paused')),
  reason TEXT,
  pause_id INTEGER REFERENCES pauses (id) ON DELETE SET NULL,
  version INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE UNIQUE INDEX meetings_by_series_seq ON meetings (series_id, seq);
CREATE INDEX meetings_by_series_start ON meetings (series_id, starts_at);

CREATE TABLE roster_members (
  id INTEGER PRIMARY KEY,
  series_id INTEGER NOT NULL REFERENCES series (id) ON DELETE CASCADE,
  user_id TEXT NOT NULL,
  group_name TEXT,
  position INTEGER NOT NULL,
  turns_base INTEGER NOT NULL DEFAULT 0,
  front_at_turns INTEGER,
  joined_at INTEGER NOT NULL,
  removed_at INTEGER
) STRICT;
CREATE UNIQUE INDEX roster_by_series_user ON roster_members (series_id, user_id);
CREATE INDEX roster_by_series_position ON roster_members (series_id, position) WHERE removed_at IS NULL;

CREATE TABLE slots (
  id INTEGER PRIMARY KEY,
  meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  user_id TEXT,
  source TEXT NOT NULL CHECK (source IN ('rotation', 'claim', 'swap', 'assign', 'open')),
  pinned INTEGER NOT NULL DEFAULT 0,
  title TEXT CHECK (title IS NULL OR length(title) BETWEEN 1 AND 200),
  title_set_at INTEGER
) STRICT;
CREATE UNIQUE INDEX slots_by_meeting_position ON slots (meeting_id, position);
-- Invariant 1: a member holds at most one slot in a meeting.
CREATE UNIQUE INDEX slots_by_meeting_user ON slots (meeting_id, user_id) WHERE user_id IS NOT NULL;
CREATE INDEX slots_by_user ON slots (user_id) WHERE user_id IS NOT NULL;

-- Members who gave up a meeting: the plan keeps them out of it (and it before).
CREATE TABLE releases (
  meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
  user_id TEXT NOT NULL,
  released_at INTEGER NOT NULL,
  PRIMARY KEY (meeting_id, user_id)
) STRICT;

CREATE TABLE swap_requests (
  id INTEGER PRIMARY KEY,
  series_id INTEGER NOT NULL REFERENCES series (id) ON DELETE CASCADE,
  from_user_id TEXT NOT NULL,
  from_meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
  to_user_id TEXT NOT NULL,
  to_meeting_id INTEGER REFERENCES meetings (id) ON DELETE CASCADE,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'declined', 'expired', 'cancelled')),
  expires_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  decided_at INTEGER
) STRICT;
CREATE INDEX swaps_pending_by_expiry ON swap_requests (expires_at) WHERE status = 'pending';
CREATE INDEX swaps_by_series ON swap_requests (series_id, status);

CREATE TABLE minutes (
  id INTEGER PRIMARY KEY,
  meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
  author_id TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX minutes_by_meeting ON minutes (meeting_id);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  guild_id TEXT NOT NULL,
  series_id INTEGER REFERENCES series (id) ON DELETE SET NULL,
  actor_id TEXT NOT NULL,
  action TEXT NOT NULL,
  before_json TEXT,
  after_json TEXT,
  at INTEGER NOT NULL
) STRICT;
CREATE INDEX audit_by_guild ON audit_log (guild_id, id);
CREATE INDEX audit_by_series ON audit_log (series_id, id);
