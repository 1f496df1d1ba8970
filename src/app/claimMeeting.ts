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
export function claimMeeting(ctx: Ctx, input: { meetingId: number }): MeetingView {
  const { series } = targetById(ctx, input.meetingId);
  requireActiveMember(ctx.db, series, ctx.actor.userId);
  return transact(ctx, () => {
    // Read again inside the write transaction, as `/slot claim` resolves its meeting there.
    const target = targetById(ctx, input.meetingId);
    return claimOpenSlot(ctx, {
      ...target,
      meeting: requireMeetingState(ctx, target, { upcoming: true, held: true }),
    });
  });
}
