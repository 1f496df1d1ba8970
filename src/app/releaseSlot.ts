import { committedTurns } from '../domain/plan.ts';
import { pastTurns } from '../store/meetings.ts';
import { getMember, setFrontAtTurns } from '../store/roster.ts';
import { recordRelease, setSlotMember } from '../store/slots.ts';
import { type Ctx, requireSeries, transact } from './context.ts';
import { requirePresenterSlot } from './presenterSlot.ts';
import { recordChange } from './recordChange.ts';
import { type MeetingView, meetingView } from './views.ts';

/**
 * `/slot release`: the presenter gives up a slot. It stays open for a
 * volunteer (a call with a Claim button is posted), and the member keeps
 * their turn at the front of the queue.
 */
export function releaseSlot(ctx: Ctx, input: { meeting?: string }): MeetingView {
  const series = requireSeries(ctx);
  const { meeting, slot } = requirePresenterSlot(ctx, series, input.meeting);
  return transact(ctx, () => {
    setSlotMember(ctx.db, slot.id, { userId: null, source: 'open', title: null }, ctx.now);
    recordRelease(ctx.db, meeting.id, ctx.actor.userId, ctx.now);
    const member = getMember(ctx.db, series.id, ctx.actor.userId);
    if (member?.active) {
      setFrontAtTurns(
        ctx.db,
        series.id,
        member.userId,
        committedTurns(member, pastTurns(ctx.db, series.id, ctx.now)),
      );
    }
    recordChange(ctx, series, {
      action: 'slot.release',
      before: slot,
      after: { ...slot, userId: null, source: 'open' },
      notices: [
        { meetingId: meeting.id, notice: { kind: 'release', at: meeting.startsAt, user: ctx.actor.userId } },
      ],
    });
    return meetingView(ctx.db, series, meeting);
  });
}
