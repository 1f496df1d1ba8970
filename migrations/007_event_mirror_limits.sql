-- Scheduled events within Discord's limits: each series mirrors only its
-- next few meetings (per series, default 2, 0 = off), and a mirror that fails
-- for good is reported to the channel once per episode.
CREATE TABLE series_event_mirror (
  series_id INTEGER PRIMARY KEY REFERENCES series (id) ON DELETE CASCADE,
  -- How many upcoming held meetings have a scheduled event; 0 turns the mirror off.
  meetings INTEGER NOT NULL DEFAULT 2 CHECK (meetings BETWEEN 0 AND 8),
  -- Set while the mirror is failing for good (reported); cleared when it works again.
  failing_since INTEGER,
  last_error TEXT,
  -- Failure episodes reported so far: the key of each report in the outbox.
  reports INTEGER NOT NULL DEFAULT 0
) STRICT;

-- The guild's live Podium events, counted against Discord's cap of 100.
CREATE INDEX event_mirrors_by_guild ON event_mirrors (guild_id) WHERE cancelled = 0;

-- Every plan is brought in line once on the next start: series mirrored 8
-- meetings before, and give back the events beyond their new window.
UPDATE series SET next_plan_at = 0 WHERE active = 1;
