import { DEFAULT_MIRRORED_MEETINGS, selectMirrored } from '../domain/event-window.ts';
import type { Db } from '../store/db.ts';
import { liveMirrorsAhead, mirrorCandidates } from '../store/event-mirrors.ts';
import { enqueue, meetingOutbox, rearmEvent } from '../store/outbox.ts';

/** The guild's meetings that get a scheduled event now (see `domain/event-window.ts`). */
export async function selectedMirrors(db: Db, guildId: string, now: number) {
  return selectMirrored(await mirrorCandidates(db, guildId, now, DEFAULT_MIRRORED_MEETINGS));
}

/**
 * Asks the mirror to bring a guild's scheduled events in line with its plans,
 * inside the caller's transaction: an `event:sync` row, due now, for every
 * meeting whose event is missing or behind (selected) or should go (cancelled,
 * or no longer selected). Guild-wide, because the series of a guild share
 * Discord's cap. Writes only what differs; delivery decides from the database
 * as it is then, so a row that is no longer needed does nothing.
 */
export async function syncEventMirrors(db: Db, guildId: string, now: number): Promise<void> {
  const selected = await selectedMirrors(db, guildId, now);
  const live = new Map((await liveMirrorsAhead(db, guildId, now)).map((m) => [m.meetingId, m]));
  const needed: { meetingId: number; seriesId: number; channelId: string; version: number }[] = [];
  const chosen = new Set<number>();
  for (const c of selected) {
    chosen.add(c.meetingId);
    if (live.get(c.meetingId)?.syncedVersion !== c.version) needed.push(c);
  }
  for (const m of live.values()) if (!chosen.has(m.meetingId)) needed.push(m);
  if (needed.length === 0) return;
  const rows = new Map(
    (
      await meetingOutbox(
        db,
        needed.map((n) => n.meetingId),
      )
    )
      .filter((r) => r.kind === 'event:sync')
      .map((r) => [r.meetingId, r]),
  );
  for (const n of needed) {
    const row = rows.get(n.meetingId);
    if (!row) {
      await enqueue(
        db,
        {
          seriesId: n.seriesId,
          meetingId: n.meetingId,
          kind: 'event:sync',
          target: 'event',
          channelId: n.channelId,
          dueAt: now,
          data: { version: n.version },
        },
        now,
      );
    } else if (row.state !== 'pending' || (row.data as { version?: number } | null)?.version !== n.version) {
      await rearmEvent(db, row.id, n.version, now);
    }
  }
}
