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

/** Whether a Discord event already shows another meeting: an in-doubt lookup must not take it. */
export function isMirroredElsewhere(db: Db, eventId: string, meetingId: number): boolean {
  return (
    stmt(db, 'SELECT 1 FROM event_mirrors WHERE event_id = ? AND meeting_id != ? AND cancelled = 0').get(
      eventId,
      meetingId,
    ) !== undefined
  );
}
