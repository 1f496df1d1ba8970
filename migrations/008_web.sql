-- The season on the web. Each series' page and calendar feed live under an
-- unguessable secret (192 random bits, base64url); `/meeting share reset:true`
-- replaces it, and the old URLs stop working. Each member has a token per
-- guild for the feed of their own talks. Display names seen on Discord are
-- kept so that the page and the feeds name people without asking Discord.

CREATE TABLE series_shares (
  series_id INTEGER PRIMARY KEY REFERENCES series (id) ON DELETE CASCADE,
  secret TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX series_shares_by_secret ON series_shares (secret);

CREATE TABLE member_feeds (
  guild_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (guild_id, user_id)
) STRICT;
CREATE UNIQUE INDEX member_feeds_by_token ON member_feeds (token);

CREATE TABLE member_names (
  guild_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  name TEXT NOT NULL,
  changed_at INTEGER NOT NULL,
  PRIMARY KEY (guild_id, user_id)
) STRICT;
CREATE INDEX member_names_by_change ON member_names (guild_id, changed_at);
