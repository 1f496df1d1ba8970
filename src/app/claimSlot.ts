import { UserError } from '../domain/errors.ts';
import { isCancelled, type Slot } from '../domain/model.ts';
import { localDateOf } from '../domain/zoned-time.ts';
import { meetingsAfter } from '../store/meetings.ts';
import { requestReleaseNoticeEdits } from '../store/message-edits.ts';
import { fillOpenSlot, getSlot, slotsOfMeeting } from '../store/slots.ts';
import { type Ctx, requireSeries, resolveMeeting, transact } from './context.ts';
import { recordChange } from './recordChange.ts';
import { requireActiveMember } from './roster.ts';
import type { Target } from './target.ts';
import { type MeetingView, meetingView } from './views.ts';

/**
 * `/slot claim` (and the Claim button): a roster member takes an open slot of
 * the given meeting, or of the next meeting that has one. Two members racing
 * for one slot: the write lock orders them, and the second is told it is taken.
 */
export function claimSlot(ctx: Ctx, input: { meeting?: string }): MeetingView {
  const series = requireSeries(ctx);
  requireActiveMember(ctx.db, series, ctx.actor.userId);
  return transact(ctx, () => {
    const meeting =
      input.meeting !== undefined
        ? resolveMeeting(ctx, series, input.meeting, { upcoming: true, held: true })
        : meetingsAfter(ctx.db, series.id, ctx.now).find(
            (m) => !isCancelled(m) && slotsOfMeeting(ctx.db, m.id).some((s) => s.userId === null),
          );
    if (!meeting) throw new UserError('error.claim.noneOpen');
    return claimOpenSlot(ctx, { series, meeting });
  });
}

/** Takes an open slot of the target meeting for the actor; inside the action's transaction. */
export function claimOpenSlot(ctx: Ctx, { series, meeting }: Target): MeetingView {
  const date = localDateOf(meeting.startsAt, series.timeZone);
  const slots = slotsOfMeeting(ctx.db, meeting.id);
  if (slots.some((s) => s.userId === ctx.actor.userId)) throw new UserError('error.claim.already', { date });
  const open = slots.find((s) => s.userId === null);
  if (!open || !fillOpenSlot(ctx.db, open.id, ctx.actor.userId, 'claim'))
    throw new UserError('error.claim.taken', { date });
  const after = getSlot(ctx.db, open.id) as Slot;
  recordChange(ctx, series, {
    action: 'slot.claim',
    before: open,
    after,
    notices: [
      { meetingId: meeting.id, notice: { kind: 'claim', at: meeting.startsAt, user: ctx.actor.userId } },
    ],
  });
  // The calls for a volunteer of this meeting lose their Claim button once no slot is open.
  requestReleaseNoticeEdits(ctx.db, meeting.id, ctx.now);
  return meetingView(ctx.db, series, meeting);
}
