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
export async function requestSwap(
  ctx: Ctx,
  input: { withUserId: string; meeting?: string; isBot?: boolean },
): Promise<SwapRequest> {
  const series = await requireSeries(ctx);
  if (input.withUserId === ctx.actor.userId) throw new UserError('error.swap.self');
  if (input.isBot) throw new UserError('error.roster.bot');
  const { meeting } = await requirePresenterSlot(ctx, series, input.meeting);
  await requireActiveMember(ctx.db, series, input.withUserId);
  const theirs = await upcomingSlotsOfUser(ctx.db, series.id, input.withUserId, ctx.now);
  const date = localDateOf(meeting.startsAt, series.timeZone);
  if (theirs.some((s) => s.meetingId === meeting.id)) throw new UserError('error.swap.sameMeeting', { date });
  // Their first slot in a meeting the asker is not already in.
  let other: (typeof theirs)[number] | null = null;
  for (const s of theirs) {
    if (!(await slotOfUser(ctx.db, s.meetingId, ctx.actor.userId))) {
      other = s;
      break;
    }
  }
  const otherMeeting = other ? (await getMeeting(ctx.db, other.meetingId))! : null;
  const expiresAt = titleDeadline(
    series,
    otherMeeting && otherMeeting.startsAt < meeting.startsAt ? otherMeeting : meeting,
  );
  if (expiresAt <= ctx.now) {
    throw new UserError('error.swap.tooLate', { deadline: localDateTimeOf(expiresAt, series.timeZone) });
  }
  return transact(ctx, async (tx) => {
    const previous = await pendingSwapFor(tx.db, tx.actor.userId, meeting.id);
    if (previous) {
      await decideSwap(tx.db, previous.id, 'cancelled', tx.now);
      await closeSwapPost(tx.db, previous.id, tx.now);
    }
    const id = await insertSwap(tx.db, {
      seriesId: series.id,
      fromUserId: tx.actor.userId,
      fromMeetingId: meeting.id,
      toUserId: input.withUserId,
      toMeetingId: otherMeeting?.id ?? null,
      expiresAt,
      createdAt: tx.now,
    });
    const request = (await getSwap(tx.db, id))!;
    await postSwapRequest(
      tx.db,
      series,
      request,
      { fromAt: meeting.startsAt, toAt: otherMeeting?.startsAt ?? null },
      tx.now,
    );
    await recordChange(tx, series, {
      action: 'swap.request',
      before: previous ?? null,
      after: request,
      replan: false,
    });
    return request;
  });
}
