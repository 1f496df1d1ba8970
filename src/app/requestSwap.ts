import { UserError } from '../domain/errors.ts';
import type { SwapRequest } from '../domain/model.ts';
import { titleDeadline } from '../domain/reminders.ts';
import { localDateOf, localDateTimeOf } from '../domain/zoned-time.ts';
import { getMeeting } from '../store/meetings.ts';
import { slotOfUser, upcomingSlotsOfUser } from '../store/slots.ts';
import { decideSwap, getSwap, insertSwap, pendingSwapFor } from '../store/swaps.ts';
import { type Ctx, requireSeries, transact } from './context.ts';
import { requirePresenterSlot } from './presenterSlot.ts';
import { recordChange } from './recordChange.ts';
import { requireActiveMember } from './roster.ts';
import { closeSwapPost, postSwapRequest } from './swapPost.ts';

/**
 * `/slot swap`: asks another member to exchange slots. The asked member's
 * earliest upcoming slot in a meeting the asker is not in is the other side;
 * if they hold none, accepting hands the slot over. The request expires at the earlier
 * meeting's title deadline. A new request replaces the asker's pending one.
 * The request is posted in the channel (pinging the asked member) with
 * Accept / Decline / Withdraw buttons.
 */
export function requestSwap(
  ctx: Ctx,
  input: { withUserId: string; meeting?: string; isBot?: boolean },
): SwapRequest {
  const series = requireSeries(ctx);
  if (input.withUserId === ctx.actor.userId) throw new UserError('error.swap.self');
  if (input.isBot) throw new UserError('error.roster.bot');
  const { meeting } = requirePresenterSlot(ctx, series, input.meeting);
  requireActiveMember(ctx.db, series, input.withUserId);
  const theirs = upcomingSlotsOfUser(ctx.db, series.id, input.withUserId, ctx.now);
  const date = localDateOf(meeting.startsAt, series.timeZone);
  if (theirs.some((s) => s.meetingId === meeting.id)) throw new UserError('error.swap.sameMeeting', { date });
  // Their first slot in a meeting the asker is not already in.
  const other = theirs.find((s) => !slotOfUser(ctx.db, s.meetingId, ctx.actor.userId)) ?? null;
  const otherMeeting = other ? getMeeting(ctx.db, other.meetingId)! : null;
  const expiresAt = titleDeadline(
    series,
    otherMeeting && otherMeeting.startsAt < meeting.startsAt ? otherMeeting : meeting,
  );
  if (expiresAt <= ctx.now) {
    throw new UserError('error.swap.tooLate', { deadline: localDateTimeOf(expiresAt, series.timeZone) });
  }
  return transact(ctx, () => {
    const previous = pendingSwapFor(ctx.db, ctx.actor.userId, meeting.id);
    if (previous) {
      decideSwap(ctx.db, previous.id, 'cancelled', ctx.now);
      closeSwapPost(ctx.db, previous.id, ctx.now);
    }
    const id = insertSwap(ctx.db, {
      seriesId: series.id,
      fromUserId: ctx.actor.userId,
      fromMeetingId: meeting.id,
      toUserId: input.withUserId,
      toMeetingId: otherMeeting?.id ?? null,
      expiresAt,
      createdAt: ctx.now,
    });
    const request = getSwap(ctx.db, id)!;
    postSwapRequest(
      ctx.db,
      series,
      request,
      { fromAt: meeting.startsAt, toAt: otherMeeting?.startsAt ?? null },
      ctx.now,
    );
    recordChange(ctx, series, {
      action: 'swap.request',
      before: previous ?? null,
      after: request,
      replan: false,
    });
    return request;
  });
}
