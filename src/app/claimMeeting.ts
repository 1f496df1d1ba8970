import { claimSlot } from './claimSlot.ts';
import type { Ctx } from './context.ts';
import { ctxForMeeting, meetingOfGuild } from './meetingRef.ts';
import type { MeetingView } from './views.ts';

/**
 * The Claim button of a call for a volunteer: claims an open slot of exactly
 * that meeting, which must belong to a series of the actor's guild. Every rule
 * of `/slot claim` applies (roster member, upcoming, held, still open).
 */
export function claimMeeting(ctx: Ctx, input: { meetingId: number }): MeetingView {
  const ref = meetingOfGuild(ctx, input.meetingId);
  return claimSlot(ctxForMeeting(ctx, ref), { meeting: ref.date });
}
