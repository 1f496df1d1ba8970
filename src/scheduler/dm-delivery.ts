/**
 * The direct-message side of delivery, kept apart from the delivery core:
 * whether a due `dm:<userId>` row still goes out (and how it reads), and what
 * a refusal by Discord (DMs closed) does: the row is set aside, the member's
 * DMs wait until they turn them on again, and it is logged once. The channel
 * reminder, a row of its own, goes out regardless.
 */
import type { MeetingView } from '../app/views.ts';
import { dmUserOf } from '../domain/dm-target.ts';
import type { Logger } from '../log.ts';
import type { SendError } from '../poster/poster.ts';
import { RecipientRefusedError } from '../poster/refusal.ts';
import { renderDmReminder } from '../render/dm.ts';
import type { MessagePayload } from '../render/payload.ts';
import { type Db, inTransaction } from '../store/db.ts';
import { getPrefs, markDmRefused } from '../store/member-prefs.ts';
import { markDone, type OutboxRow } from '../store/outbox.ts';

/** For a DM row: why it is not sent (`skip`), or what it says. Null for any other row. */
export async function prepareDm(
  db: Db,
  row: OutboxRow,
  view: MeetingView | null,
): Promise<{ skip: string } | { payload: MessagePayload } | null> {
  const userId = dmUserOf(row.target);
  if (userId === null) return null;
  if (view === null) return { skip: 'meeting gone' };
  const prefs = await getPrefs(db, view.series.guildId, userId);
  if (!prefs?.dmEnabled) return { skip: 'direct messages turned off' };
  if (prefs.dmRefusedAt !== null) return { skip: 'direct messages closed' };
  const slot = view.slots.find((s) => s.userId === userId);
  if (!slot) return { skip: 'no longer presenting' };
  if (row.kind !== 'agenda' && slot.title !== null) return { skip: 'title is in' };
  return {
    payload: renderDmReminder({
      kind: row.kind,
      meeting: view,
      userId,
      lang: prefs.language ?? view.series.language,
    }),
  };
}

/**
 * A DM Discord refused for good: the row is skipped, the member's DMs are
 * marked refused so later ones are not tried, and it is logged this once.
 * Returns false for any other failure (the usual retry rules apply).
 */
export async function settleDmRefusal(
  db: Db,
  log: Logger,
  row: OutboxRow,
  guildId: string,
  error: SendError,
  now: number,
): Promise<boolean> {
  const userId = dmUserOf(row.target);
  if (userId === null || !(error instanceof RecipientRefusedError)) return false;
  await inTransaction(db, async (tx) => {
    await markDone(tx, row.id, 'skipped', `direct messages closed: ${error.message}`.slice(0, 500));
    await markDmRefused(tx, guildId, userId, now);
  });
  log.warn(
    { outboxId: row.id, kind: row.kind, seriesId: row.seriesId, userId, err: error.message },
    'direct messages refused by Discord; the member gets channel reminders only until they turn DMs on again',
  );
  return true;
}
