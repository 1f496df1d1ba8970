import { dmTarget } from '../domain/dm-target.ts';
import { isCancelled, type Meeting, type ReminderKind, type Series } from '../domain/model.ts';
import type { PlanSlot } from '../domain/plan.ts';
import { reminderDueAt } from '../domain/reminders.ts';
import type { Db } from '../store/db.ts';
import { dmRecipients } from '../store/member-prefs.ts';
import { enqueue, markDone, meetingDmOutbox, type OutboxRow, rearmReminder } from '../store/outbox.ts';

/** The reminders a presenter can also get by direct message (`/me dm on`). */
export const DM_KINDS: readonly ReminderKind[] = ['title_request', 'title_nudge', 'agenda'];

/**
 * Keeps one direct-message row per (meeting, reminder kind, presenter) for the
 * presenters who asked for DMs, due with the channel reminder: new presenters
 * get theirs (unless it is already due: the channel ping covers them), moved
 * meetings re-time them, and rows of members who left the meeting or turned
 * DMs off are cancelled. A row already sent is never repeated.
 */
export async function syncDmReminders(
  db: Db,
  series: Series,
  upcoming: readonly Meeting[],
  plan: ReadonlyMap<number, readonly PlanSlot[]>,
  now: number,
): Promise<void> {
  const recipients = await dmRecipients(db, series.guildId);
  const existing = new Map<string, OutboxRow>();
  for (const row of await meetingDmOutbox(
    db,
    upcoming.map((m) => m.id),
  ))
    existing.set(`${row.meetingId}:${row.kind}:${row.target}`, row);
  if (recipients.size === 0 && existing.size === 0) return;

  const wanted = new Set<string>();
  for (const m of upcoming) {
    const presenters = (plan.get(m.id) ?? []).flatMap((s) =>
      s.userId !== null && recipients.has(s.userId) ? [s.userId] : [],
    );
    for (const kind of DM_KINDS) {
      const dueAt = isCancelled(m) ? null : reminderDueAt(series, m, kind);
      if (dueAt === null) continue;
      for (const userId of presenters) {
        const target = dmTarget(userId);
        const key = `${m.id}:${kind}:${target}`;
        wanted.add(key);
        const row = existing.get(key);
        if (!row) {
          if (dueAt > now) {
            await enqueue(
              db,
              { seriesId: series.id, meetingId: m.id, kind, target, channelId: target, dueAt },
              now,
            );
          }
        } else if (row.state === 'pending' ? row.dueAt !== dueAt : row.state === 'cancelled' && dueAt > now) {
          await rearmReminder(db, row.id, dueAt, target);
        }
      }
    }
  }
  for (const [key, row] of existing) {
    if (!wanted.has(key) && row.state === 'pending')
      await markDone(db, row.id, 'cancelled', 'no longer wanted');
  }
}
