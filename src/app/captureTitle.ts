import { isUserError } from '../domain/errors.ts';
import { isCancelled, type Series } from '../domain/model.ts';
import { parseTitle } from '../domain/user-input.ts';
import type { Db } from '../store/db.ts';
import { getMeeting } from '../store/meetings.ts';
import { getSeriesByTopicChannel } from '../store/series.ts';
import { getSlot, setSlotTitle, upcomingSlotsOfUser } from '../store/slots.ts';
import { type Ctx, transact } from './context.ts';
import { recordChange } from './recordChange.ts';
import { type MeetingView, meetingView } from './views.ts';

/** The active series of a guild whose topic channel (or thread) is `channelId`, if any. */
export async function seriesOfTopicChannel(
  db: Db,
  guildId: string,
  channelId: string,
): Promise<Series | undefined> {
  const series = await getSeriesByTopicChannel(db, channelId);
  return series?.guildId === guildId && series.active ? series : undefined;
}

/**
 * Title capture: a message posted in the series' topic channel by the actor.
 * It becomes the title of the actor's earliest upcoming slot that has none
 * (first non-empty line, trimmed). Returns null, changing nothing, when the
 * message is not a title: the author presents in no upcoming held meeting, or
 * every such slot already has a title, or the message has no text.
 *
 * A first line longer than 200 characters is not cut: `UserError`
 * (`error.title.tooLong`) is thrown, so the author is told and can post a
 * shorter one; nothing is stored.
 */
export async function captureTitle(
  ctx: Ctx,
  input: { series: Series; content: string },
): Promise<(MeetingView & { title: string }) | null> {
  const { series } = input;
  if (!series.active || series.guildId !== ctx.actor.guildId) return null;
  return transact(ctx, async (tx) => {
    const slot = (await upcomingSlotsOfUser(tx.db, series.id, tx.actor.userId, tx.now)).find(
      (s) => s.title === null || s.title.trim() === '',
    );
    const meeting = slot && (await getMeeting(tx.db, slot.meetingId));
    if (!slot || !meeting || isCancelled(meeting) || meeting.startsAt <= tx.now) return null;
    let title: string;
    try {
      title = parseTitle(input.content);
    } catch (error) {
      if (isUserError(error) && error.key === 'error.title.empty') return null;
      throw error;
    }
    await setSlotTitle(tx.db, slot.id, title, tx.now);
    await recordChange(tx, series, {
      action: 'slot.title',
      before: { title: slot.title },
      after: { slotId: slot.id, title, via: 'topic-channel' },
      replan: false,
    });
    return {
      ...(await meetingView(tx.db, series, meeting)),
      title: (await getSlot(tx.db, slot.id))?.title ?? title,
    };
  });
}
