import { UserError } from '../domain/errors.ts';
import type { Series, SwapRequest } from '../domain/model.ts';
import { getMeeting } from '../store/meetings.ts';
import { getSeries } from '../store/series.ts';
import { setSlotMember, slotOfUser } from '../store/slots.ts';
import { decideSwap, getSwap, pendingSwapsBetween } from '../store/swaps.ts';
import { type Ctx, requireSeries, resolveMeeting, transact } from './context.ts';
import { recordChange } from './recordChange.ts';
import { closeSwapPost } from './swapPost.ts';

export interface SwapOutcome {
  series: Series;
  request: SwapRequest;
}

/** Loads a request that the actor may answer; a forged or stale id gets a clear refusal. */
function openRequest(ctx: Ctx, swapId: number): { series: Series; request: SwapRequest } {
  const request = getSwap(ctx.db, swapId);
  const series = request && getSeries(ctx.db, request.seriesId);
  if (!request || !series || series.guildId !== ctx.actor.guildId) throw new UserError('error.swap.notFound');
  if (request.toUserId !== ctx.actor.userId) throw new UserError('error.swap.notYours');
  if (request.status !== 'pending' || request.expiresAt <= ctx.now) {
    throw new UserError('error.swap.closed', {
      status: request.status === 'pending' ? 'expired' : request.status,
    });
  }
  return { series, request };
}

/** Accept: the two slots are exchanged at once (or the slot handed over), pinned, titles following their authors. */
export function acceptSwap(ctx: Ctx, input: { swapId: number }): SwapOutcome {
  return transact(ctx, () => {
    const { series, request } = openRequest(ctx, input.swapId);
    const fromMeeting = getMeeting(ctx.db, request.fromMeetingId);
    const mine =
      fromMeeting && fromMeeting.startsAt > ctx.now
        ? slotOfUser(ctx.db, fromMeeting.id, request.fromUserId)
        : undefined;
    const toMeeting = request.toMeetingId === null ? null : getMeeting(ctx.db, request.toMeetingId);
    const theirs =
      toMeeting && toMeeting.startsAt > ctx.now
        ? slotOfUser(ctx.db, toMeeting.id, request.toUserId)
        : undefined;
    const wouldDouble =
      (toMeeting && slotOfUser(ctx.db, toMeeting.id, request.fromUserId)) ||
      (fromMeeting && slotOfUser(ctx.db, fromMeeting.id, request.toUserId));
    if (!mine || (request.toMeetingId !== null && !theirs) || wouldDouble)
      throw new UserError('error.swap.planChanged');
    setSlotMember(
      ctx.db,
      mine.id,
      { userId: request.toUserId, source: 'swap', title: theirs?.title ?? null },
      ctx.now,
    );
    if (theirs) {
      setSlotMember(
        ctx.db,
        theirs.id,
        { userId: request.fromUserId, source: 'swap', title: mine.title },
        ctx.now,
      );
    }
    decideSwap(ctx.db, request.id, 'accepted', ctx.now);
    closeSwapPost(ctx.db, request.id, ctx.now);
    const accepted = getSwap(ctx.db, request.id)!;
    recordChange(ctx, series, {
      action: 'swap.accept',
      before: { mine, theirs: theirs ?? null },
      after: accepted,
      notices: [
        {
          meetingId: request.fromMeetingId,
          notice: {
            kind: 'swap',
            a: request.fromUserId,
            b: request.toUserId,
            aAt: fromMeeting!.startsAt,
            bAt: toMeeting?.startsAt ?? null,
          },
        },
      ],
    });
    return { series, request: accepted };
  });
}

/** Decline: nothing moves; the asker is told in the reply. */
export function declineSwap(ctx: Ctx, input: { swapId: number }): SwapOutcome {
  return transact(ctx, () => {
    const { series, request } = openRequest(ctx, input.swapId);
    decideSwap(ctx.db, request.id, 'declined', ctx.now);
    closeSwapPost(ctx.db, request.id, ctx.now);
    const declined = getSwap(ctx.db, request.id)!;
    recordChange(ctx, series, { action: 'swap.decline', before: request, after: declined, replan: false });
    return { series, request: declined };
  });
}

/** Withdraws a pending request of the actor's: its post says so and loses its buttons. */
function withdraw(ctx: Ctx, series: Series, request: SwapRequest): SwapOutcome {
  if (!decideSwap(ctx.db, request.id, 'cancelled', ctx.now))
    throw new UserError('error.swap.closed', { status: request.status });
  closeSwapPost(ctx.db, request.id, ctx.now);
  const cancelled = getSwap(ctx.db, request.id)!;
  recordChange(ctx, series, { action: 'swap.cancel', before: request, after: cancelled, replan: false });
  return { series, request: cancelled };
}

/** The Withdraw button: only the asker may press it, while the request is pending. */
export function withdrawSwap(ctx: Ctx, input: { swapId: number }): SwapOutcome {
  return transact(ctx, () => {
    const request = getSwap(ctx.db, input.swapId);
    const series = request && getSeries(ctx.db, request.seriesId);
    if (!request || !series || series.guildId !== ctx.actor.guildId)
      throw new UserError('error.swap.notFound');
    if (request.fromUserId !== ctx.actor.userId)
      throw new UserError('error.swap.notRequester', { user: request.fromUserId });
    if (request.status !== 'pending' || request.expiresAt <= ctx.now) {
      throw new UserError('error.swap.closed', {
        status: request.status === 'pending' ? 'expired' : request.status,
      });
    }
    return withdraw(ctx, series, request);
  });
}

/**
 * `/slot swap with:… withdraw:True`: withdraws the actor's pending request to
 * that member in this series (the one for `meeting`, when given; else the latest).
 */
export function withdrawSwapWith(ctx: Ctx, input: { withUserId: string; meeting?: string }): SwapOutcome {
  const series = requireSeries(ctx);
  const meeting = input.meeting === undefined ? null : resolveMeeting(ctx, series, input.meeting);
  return transact(ctx, () => {
    const request = pendingSwapsBetween(ctx.db, series.id, ctx.actor.userId, input.withUserId).find(
      (r) => r.expiresAt > ctx.now && (meeting === null || r.fromMeetingId === meeting.id),
    );
    if (!request) throw new UserError('error.swap.noneToWithdraw', { user: input.withUserId });
    return withdraw(ctx, series, request);
  });
}
