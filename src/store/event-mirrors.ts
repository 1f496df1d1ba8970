import type { MirrorCandidate } from '../domain/event-window.ts';
import { type Db, stmt } from './db.ts';

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

export function getEventMirror(db: Db, meetingId: number): EventMirror | undefined {
  const r = stmt(db, 'SELECT * FROM event_mirrors WHERE meeting_id = ?').get(meetingId) as Row | undefined;
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

export function saveEventMirror(db: Db, m: EventMirror): void {
  stmt(
    db,
    `INSERT INTO event_mirrors (meeting_id, guild_id, event_id, synced_version, cancelled) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (meeting_id) DO UPDATE SET event_id = excluded.event_id, synced_version = excluded.synced_version,
       cancelled = excluded.cancelled`,
  ).run(m.meetingId, m.guildId, m.eventId, m.syncedVersion, m.cancelled ? 1 : 0);
}

export function deleteEventMirror(db: Db, meetingId: number): void {
  stmt(db, 'DELETE FROM event_mirrors WHERE meeting_id = ?').run(meetingId);
}

/** How many upcoming meetings a series mirrors (0: none). */
export function mirroredMeetingsOf(db: Db, seriesId: number, fallback: number): number {
  const row = stmt(db, 'SELECT meetings FROM series_event_mirror WHERE series_id = ?').get(seriesId) as
    | { meetings: number }
    | undefined;
  return row?.meetings ?? fallback;
}

export function setMirroredMeetings(db: Db, seriesId: number, meetings: number): void {
  stmt(
    db,
    `INSERT INTO series_event_mirror (series_id, meetings) VALUES (?, ?)
     ON CONFLICT (series_id) DO UPDATE SET meetings = excluded.meetings`,
  ).run(seriesId, meetings);
}

/**
 * Records that a series' mirror fails for good. Returns the number of this
 * failure episode when it starts one (so it is to be reported), or null while
 * the mirror has been failing since an earlier report.
 */
export function markMirrorFailing(
  db: Db,
  seriesId: number,
  fallbackMeetings: number,
  now: number,
  error: string,
): number | null {
  stmt(db, 'INSERT INTO series_event_mirror (series_id, meetings) VALUES (?, ?) ON CONFLICT DO NOTHING').run(
    seriesId,
    fallbackMeetings,
  );
  const row = stmt(
    db,
    `UPDATE series_event_mirror SET failing_since = ?, last_error = ?, reports = reports + 1
     WHERE series_id = ? AND failing_since IS NULL RETURNING reports`,
  ).get(now, error.slice(0, 500), seriesId) as { reports: number } | undefined;
  if (row) return row.reports;
  stmt(db, 'UPDATE series_event_mirror SET last_error = ? WHERE series_id = ?').run(
    error.slice(0, 500),
    seriesId,
  );
  return null;
}

/** Records that a series' mirror works; true when it was failing until now. */
export function markMirrorWorking(db: Db, seriesId: number): boolean {
  return (
    stmt(
      db,
      `UPDATE series_event_mirror SET failing_since = NULL, last_error = NULL
       WHERE series_id = ? AND failing_since IS NOT NULL`,
    ).run(seriesId).changes === 1
  );
}

export function mirrorFailingSince(db: Db, seriesId: number): number | null {
  const row = stmt(db, 'SELECT failing_since FROM series_event_mirror WHERE series_id = ?').get(seriesId) as
    | { failing_since: number | null }
    | undefined;
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
export function mirrorCandidates(db: Db, guildId: string, now: number, fallback: number): MirrorCandidate[] {
  return (
    stmt(
      db,
      `SELECT meeting_id, series_id, rank, starts_at, version, channel_id FROM (
         SELECT m.id AS meeting_id, m.series_id, m.starts_at, m.version, s.channel_id,
           row_number() OVER (PARTITION BY m.series_id ORDER BY m.starts_at, m.seq) AS rank,
           ifnull(e.meetings, :fallback) AS wanted
         FROM series s
         JOIN meetings m ON m.series_id = s.id AND m.starts_at > :now AND m.status NOT IN ('skipped', 'paused')
         LEFT JOIN series_event_mirror e ON e.series_id = s.id
         WHERE s.guild_id = :guild AND s.active = 1
       ) WHERE rank <= wanted ORDER BY rank, starts_at, meeting_id`,
    ).all({ guild: guildId, now, fallback }) as CandidateRow[]
  ).map((r) => ({
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
export function liveMirrorsAhead(db: Db, guildId: string, now: number): LiveMirror[] {
  return (
    stmt(
      db,
      `SELECT e.meeting_id, m.series_id, s.channel_id, e.synced_version, m.version
       FROM event_mirrors e JOIN meetings m ON m.id = e.meeting_id JOIN series s ON s.id = m.series_id
       WHERE e.guild_id = ? AND e.cancelled = 0 AND m.starts_at > ?`,
    ).all(guildId, now) as {
      meeting_id: number;
      series_id: number;
      channel_id: string;
      synced_version: number;
      version: number;
    }[]
  ).map((r) => ({
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
export function liveMirrorCount(db: Db, guildId: string, now: number): number {
  const row = stmt(
    db,
    `SELECT count(*) AS n FROM event_mirrors e JOIN meetings m ON m.id = e.meeting_id
       JOIN series s ON s.id = m.series_id
     WHERE e.guild_id = ? AND e.cancelled = 0 AND m.starts_at + s.duration_min * 60000 > ?`,
  ).get(guildId, now) as { n: number };
  return row.n;
}

/** Whether a Discord event already shows another meeting: an in-doubt lookup must not take it. */
export function isMirroredElsewhere(db: Db, eventId: string, meetingId: number): boolean {
  return (
    stmt(db, 'SELECT 1 FROM event_mirrors WHERE event_id = ? AND meeting_id != ? AND cancelled = 0').get(
      eventId,
      meetingId,
    ) !== undefined
  );
}
