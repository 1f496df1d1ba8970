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
export async function releaseSlot(ctx: Ctx, input: { meeting?: string }): Promise<MeetingView> {
  const series = await requireSeries(ctx);
  const { meeting, slot } = await requirePresenterSlot(ctx, series, input.meeting);
  return transact(ctx, async (tx) => {
    await setSlotMember(tx.db, slot.id, { userId: null, source: 'open', title: null }, tx.now);
    await recordRelease(tx.db, meeting.id, tx.actor.userId, tx.now);
    const member = await getMember(tx.db, series.id, tx.actor.userId);
    if (member?.active) {
      await setFrontAtTurns(
        tx.db,
        series.id,
        member.userId,
        committedTurns(member, await pastTurns(tx.db, series.id, tx.now)),
      );
    }
    await recordChange(tx, series, {
      action: 'slot.release',
      before: slot,
      after: { ...slot, userId: null, source: 'open' },
      notices: [
        { meetingId: meeting.id, notice: { kind: 'release', at: meeting.startsAt, user: tx.actor.userId } },
      ],
    });
    return meetingView(tx.db, series, meeting);
  });
}
