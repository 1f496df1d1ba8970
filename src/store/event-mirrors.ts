import type { MirrorCandidate } from '../domain/event-window.ts';
import type { Db } from './db.ts';

export interface EventMirror {
  meetingId: number;
  guildId: string;
  eventId: string;
  syncedVersion: number;
  cancelled: boolean;
}

interface Row {
  meeting_id: number;
  guild_id: string;
  event_id: string;
  synced_version: number;
  cancelled: number;
}

export async function getEventMirror(db: Db, meetingId: number): Promise<EventMirror | undefined> {
  const r = await db.get<Row>('SELECT * FROM event_mirrors WHERE meeting_id = ?', [meetingId]);
  return (
    r && {
      meetingId: r.meeting_id,
      guildId: r.guild_id,
      eventId: r.event_id,
      syncedVersion: r.synced_version,
      cancelled: r.cancelled === 1,
    }
  );
}

export async function saveEventMirror(db: Db, m: EventMirror): Promise<void> {
  await db.run(
    `INSERT INTO event_mirrors (meeting_id, guild_id, event_id, synced_version, cancelled) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (meeting_id) DO UPDATE SET event_id = excluded.event_id, synced_version = excluded.synced_version,
       cancelled = excluded.cancelled`,
    [m.meetingId, m.guildId, m.eventId, m.syncedVersion, m.cancelled ? 1 : 0],
  );
}

export async function deleteEventMirror(db: Db, meetingId: number): Promise<void> {
  await db.run('DELETE FROM event_mirrors WHERE meeting_id = ?', [meetingId]);
}

/** How many upcoming meetings a series mirrors (0: none). */
export async function mirroredMeetingsOf(db: Db, seriesId: number, fallback: number): Promise<number> {
  const row = await db.get<{ meetings: number }>(
    'SELECT meetings FROM series_event_mirror WHERE series_id = ?',
    [seriesId],
  );
  return row?.meetings ?? fallback;
}

export async function setMirroredMeetings(db: Db, seriesId: number, meetings: number): Promise<void> {
  await db.run(
    `INSERT INTO series_event_mirror (series_id, meetings) VALUES (?, ?)
     ON CONFLICT (series_id) DO UPDATE SET meetings = excluded.meetings`,
    [seriesId, meetings],
  );
}

/**
 * Records that a series' mirror fails for good. Returns the number of this
 * failure episode when it starts one (so it is to be reported), or null while
 * the mirror has been failing since an earlier report.
 */
export async function markMirrorFailing(
  db: Db,
  seriesId: number,
  fallbackMeetings: number,
  now: number,
  error: string,
): Promise<number | null> {
  await db.run('INSERT INTO series_event_mirror (series_id, meetings) VALUES (?, ?) ON CONFLICT DO NOTHING', [
    seriesId,
    fallbackMeetings,
  ]);
  const row = await db.get<{ reports: number }>(
    `UPDATE series_event_mirror SET failing_since = ?, last_error = ?, reports = reports + 1
     WHERE series_id = ? AND failing_since IS NULL RETURNING reports`,
    [now, error.slice(0, 500), seriesId],
  );
  if (row) return row.reports;
  await db.run('UPDATE series_event_mirror SET last_error = ? WHERE series_id = ?', [
    error.slice(0, 500),
    seriesId,
  ]);
  return null;
}

/** Records that a series' mirror works; true when it was failing until now. */
export async function markMirrorWorking(db: Db, seriesId: number): Promise<boolean> {
  const changed = await db.run(
    `UPDATE series_event_mirror SET failing_since = NULL, last_error = NULL
     WHERE series_id = ? AND failing_since IS NOT NULL`,
    [seriesId],
  );
  return changed === 1;
}

export async function mirrorFailingSince(db: Db, seriesId: number): Promise<number | null> {
  const row = await db.get<{ failing_since: number | null }>(
    'SELECT failing_since FROM series_event_mirror WHERE series_id = ?',
    [seriesId],
  );
  return row?.failing_since ?? null;
}

interface CandidateRow {
  meeting_id: number;
  series_id: number;
  rank: number;
  starts_at: number;
  version: number;
  channel_id: string;
}

/**
 * The upcoming held meetings of a guild's active series that their series
 * would mirror: each series' first `meetings` (default `fallback`), ranked
 * within the series. Sorted by rank, then start.
 */
export async function mirrorCandidates(
  db: Db,
  guildId: string,
  now: number,
  fallback: number,
): Promise<MirrorCandidate[]> {
  // PostgreSQL 15 wants an alias on a subquery in FROM.
  const rows = await db.all<CandidateRow>(
    `SELECT meeting_id, series_id, rank, starts_at, version, channel_id FROM (
       SELECT m.id AS meeting_id, m.series_id, m.starts_at, m.version, s.channel_id,
         row_number() OVER (PARTITION BY m.series_id ORDER BY m.starts_at, m.seq) AS rank,
         coalesce(e.meetings, :fallback) AS wanted
       FROM series s
       JOIN meetings m ON m.series_id = s.id AND m.starts_at > :now AND m.status NOT IN ('skipped', 'paused')
       LEFT JOIN series_event_mirror e ON e.series_id = s.id
       WHERE s.guild_id = :guild AND s.active = 1
     ) AS ranked WHERE rank <= wanted ORDER BY rank, starts_at, meeting_id`,
    { guild: guildId, now, fallback },
  );
  return rows.map((r) => ({
    meetingId: r.meeting_id,
    seriesId: r.series_id,
    rank: r.rank,
    startsAt: r.starts_at,
    version: r.version,
    channelId: r.channel_id,
  }));
}

/** A live (not cancelled) event of a meeting that has not started yet. */
export interface LiveMirror {
  meetingId: number;
  seriesId: number;
  channelId: string;
  syncedVersion: number;
  version: number;
}

/** The guild's live events of meetings still ahead: the ones the mirror may still change. */
export async function liveMirrorsAhead(db: Db, guildId: string, now: number): Promise<LiveMirror[]> {
  const rows = await db.all<{
    meeting_id: number;
    series_id: number;
    channel_id: string;
    synced_version: number;
    version: number;
  }>(
    `SELECT e.meeting_id, m.series_id, s.channel_id, e.synced_version, m.version
     FROM event_mirrors e JOIN meetings m ON m.id = e.meeting_id JOIN series s ON s.id = m.series_id
     WHERE e.guild_id = ? AND e.cancelled = 0 AND m.starts_at > ?`,
    [guildId, now],
  );
  return rows.map((r) => ({
    meetingId: r.meeting_id,
    seriesId: r.series_id,
    channelId: r.channel_id,
    syncedVersion: r.synced_version,
    version: r.version,
  }));
}

/**
 * Podium's events in a guild that count against Discord's cap: not cancelled,
 * and their meeting not over (an external event completes at its end time).
 */
export async function liveMirrorCount(db: Db, guildId: string, now: number): Promise<number> {
  // duration_min is an INTEGER: the cast keeps the product in 64 bits on PostgreSQL, as on SQLite.
  const row = await db.get<{ n: number }>(
    `SELECT count(*) AS n FROM event_mirrors e JOIN meetings m ON m.id = e.meeting_id
       JOIN series s ON s.id = m.series_id
     WHERE e.guild_id = ? AND e.cancelled = 0 AND m.starts_at + CAST(s.duration_min AS BIGINT) * 60000 > ?`,
    [guildId, now],
  );
  return row?.n ?? 0;
}

/** Whether a Discord event already shows another meeting: an in-doubt lookup must not take it. */
export async function isMirroredElsewhere(db: Db, eventId: string, meetingId: number): Promise<boolean> {
  const row = await db.get(
    'SELECT 1 AS one FROM event_mirrors WHERE event_id = ? AND meeting_id != ? AND cancelled = 0',
    [eventId, meetingId],
  );
  return row !== undefined;
}
