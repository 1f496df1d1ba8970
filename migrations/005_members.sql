-- Members' own settings (/me): away periods and personal reminder preferences.

-- Dates (series timezone, both included) a member cannot present in a series.
-- `/me back` shortens `until_date` or sets `cancelled_at`; the audit log keeps the before/after.
CREATE TABLE away_periods (
  id INTEGER PRIMARY KEY,
  series_id INTEGER NOT NULL REFERENCES series (id) ON DELETE CASCADE,
  user_id TEXT NOT NULL,
  from_date TEXT NOT NULL,
  until_date TEXT NOT NULL,
  reason TEXT,
  created_at INTEGER NOT NULL,
  cancelled_at INTEGER,
  CHECK (until_date >= from_date)
) STRICT;
CREATE INDEX away_by_series ON away_periods (series_id, until_date) WHERE cancelled_at IS NULL;
CREATE INDEX away_by_user ON away_periods (series_id, user_id, from_date) WHERE cancelled_at IS NULL;

-- Per guild member: direct-message reminders on or off, the language of their Discord client as
-- seen on their last interaction, and when Discord last refused a DM to them (DMs closed).
CREATE TABLE member_prefs (
  guild_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  dm_enabled INTEGER NOT NULL DEFAULT 0,
  locale TEXT,
  dm_refused_at INTEGER,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (guild_id, user_id)
) STRICT;
CREATE INDEX prefs_dm_by_guild ON member_prefs (guild_id) WHERE dm_enabled = 1;
