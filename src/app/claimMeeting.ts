import { claimOpenSlot } from './claimSlot.ts';
import { type Ctx, requireMeetingState, transact } from './context.ts';
import { requireActiveMember } from './roster.ts';
import { targetById } from './target.ts';
import type { MeetingView } from './views.ts';

/**
 * The Claim button of a call for a volunteer: claims an open slot of exactly
 * that meeting, which must belong to a series of the actor's guild. Every rule
 * of `/slot claim` applies (roster member, upcoming, held, still open).
 */
export async function claimMeeting(ctx: Ctx, input: { meetingId: number }): Promise<MeetingView> {
  const { series } = await targetById(ctx, input.meetingId);
  await requireActiveMember(ctx.db, series, ctx.actor.userId);
  return transact(ctx, async (tx) => {
    // Read again inside the write transaction, as `/slot claim` resolves its meeting there.
    const target = await targetById(tx, input.meetingId);
    return claimOpenSlot(tx, {
      ...target,
      meeting: requireMeetingState(tx, target, { upcoming: true, held: true }),
    });
  });
}
