import { UserError } from '../domain/errors.ts';
import { localDateOf } from '../domain/zoned-time.ts';
import { requestReleaseNoticeEdits } from '../store/message-edits.ts';
import { insertSlot, setSlotMember, slotsOfMeeting } from '../store/slots.ts';
import { type Ctx, requireOrganiser, requireSeries, resolveMeeting, transact } from './context.ts';
import { recordChange } from './recordChange.ts';
import { type MeetingView, meetingView } from './views.ts';

/**
 * `/slot assign`: an organiser puts anyone in a future meeting. It fills an
 * open slot, else a free place, else replaces the last rotation slot (that
 * member goes back to the queue, keeping their turn). Pinned slots are never
 * overwritten.
 */
export async function assignSlot(
  ctx: Ctx,
  input: { meeting: string; userId: string; isBot?: boolean },
): Promise<MeetingView> {
  await requireOrganiser(ctx);
  const series = await requireSeries(ctx);
  if (input.isBot) throw new UserError('error.roster.bot');
  return transact(ctx, async (tx) => {
    const meeting = await resolveMeeting(tx, series, input.meeting, { upcoming: true, held: true });
    const date = localDateOf(meeting.startsAt, series.timeZone);
    const slots = await slotsOfMeeting(tx.db, meeting.id);
    if (slots.some((s) => s.userId === input.userId))
      throw new UserError('error.assign.already', { date, user: input.userId });
    const target =
      slots.find((s) => s.userId === null) ??
      (slots.length < series.presenters ? undefined : slots.filter((s) => !s.pinned).at(-1));
    if (!target && slots.length >= series.presenters) throw new UserError('error.assign.full', { date });
    const change = { userId: input.userId, source: 'assign' as const, title: null };
    if (target) await setSlotMember(tx.db, target.id, change, tx.now);
    else await insertSlot(tx.db, meeting.id, slots.length, change, tx.now);
    await recordChange(tx, series, {
      action: 'slot.assign',
      before: target ?? null,
      after: { meetingId: meeting.id, userId: input.userId },
      notices: [
        {
          meetingId: meeting.id,
          notice: {
            kind: 'assign',
            at: meeting.startsAt,
            user: input.userId,
            replaced: target?.userId ?? null,
          },
        },
      ],
    });
    // The calls for a volunteer of this meeting lose their Claim button once no slot is open.
    await requestReleaseNoticeEdits(tx.db, meeting.id, tx.now);
    return meetingView(tx.db, series, meeting);
  });
}
