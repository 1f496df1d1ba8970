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
async function openRequest(ctx: Ctx, swapId: number): Promise<{ series: Series; request: SwapRequest }> {
  const request = await getSwap(ctx.db, swapId);
  const series = request && (await getSeries(ctx.db, request.seriesId));
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
export function acceptSwap(ctx: Ctx, input: { swapId: number }): Promise<SwapOutcome> {
  return transact(ctx, async (tx) => {
    const { series, request } = await openRequest(tx, input.swapId);
    const fromMeeting = await getMeeting(tx.db, request.fromMeetingId);
    const mine =
      fromMeeting && fromMeeting.startsAt > tx.now
        ? await slotOfUser(tx.db, fromMeeting.id, request.fromUserId)
        : undefined;
    const toMeeting = request.toMeetingId === null ? null : await getMeeting(tx.db, request.toMeetingId);
    const theirs =
      toMeeting && toMeeting.startsAt > tx.now
        ? await slotOfUser(tx.db, toMeeting.id, request.toUserId)
        : undefined;
    const wouldDouble =
      (toMeeting && (await slotOfUser(tx.db, toMeeting.id, request.fromUserId))) ||
      (fromMeeting && (await slotOfUser(tx.db, fromMeeting.id, request.toUserId)));
    if (!mine || (request.toMeetingId !== null && !theirs) || wouldDouble)
      throw new UserError('error.swap.planChanged');
    await setSlotMember(
      tx.db,
      mine.id,
      { userId: request.toUserId, source: 'swap', title: theirs?.title ?? null },
      tx.now,
    );
    if (theirs) {
      await setSlotMember(
        tx.db,
        theirs.id,
        { userId: request.fromUserId, source: 'swap', title: mine.title },
        tx.now,
      );
    }
    // Decided by someone else meanwhile (expired by the scheduler, withdrawn): nothing moves.
    if (!(await decideSwap(tx.db, request.id, 'accepted', tx.now)))
      throw new UserError('error.swap.closed', { status: request.status });
    await closeSwapPost(tx.db, request.id, tx.now);
    const accepted = (await getSwap(tx.db, request.id))!;
    await recordChange(tx, series, {
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
export function declineSwap(ctx: Ctx, input: { swapId: number }): Promise<SwapOutcome> {
  return transact(ctx, async (tx) => {
    const { series, request } = await openRequest(tx, input.swapId);
    if (!(await decideSwap(tx.db, request.id, 'declined', tx.now)))
      throw new UserError('error.swap.closed', { status: request.status });
    await closeSwapPost(tx.db, request.id, tx.now);
    const declined = (await getSwap(tx.db, request.id))!;
    await recordChange(tx, series, {
      action: 'swap.decline',
      before: request,
      after: declined,
      replan: false,
    });
    return { series, request: declined };
  });
}

/** Withdraws a pending request of the actor's: its post says so and loses its buttons. */
async function withdraw(ctx: Ctx, series: Series, request: SwapRequest): Promise<SwapOutcome> {
  if (!(await decideSwap(ctx.db, request.id, 'cancelled', ctx.now)))
    throw new UserError('error.swap.closed', { status: request.status });
  await closeSwapPost(ctx.db, request.id, ctx.now);
  const cancelled = (await getSwap(ctx.db, request.id))!;
  await recordChange(ctx, series, {
    action: 'swap.cancel',
    before: request,
    after: cancelled,
    replan: false,
  });
  return { series, request: cancelled };
}

/** The Withdraw button: only the asker may press it, while the request is pending. */
export function withdrawSwap(ctx: Ctx, input: { swapId: number }): Promise<SwapOutcome> {
  return transact(ctx, async (tx) => {
    const request = await getSwap(tx.db, input.swapId);
    const series = request && (await getSeries(tx.db, request.seriesId));
    if (!request || !series || series.guildId !== tx.actor.guildId)
      throw new UserError('error.swap.notFound');
    if (request.fromUserId !== tx.actor.userId)
      throw new UserError('error.swap.notRequester', { user: request.fromUserId });
    if (request.status !== 'pending' || request.expiresAt <= tx.now) {
      throw new UserError('error.swap.closed', {
        status: request.status === 'pending' ? 'expired' : request.status,
      });
    }
    return withdraw(tx, series, request);
  });
}

/**
 * `/slot swap with:… withdraw:True`: withdraws the actor's pending request to
 * that member in this series (the one for `meeting`, when given; else the latest).
 */
export async function withdrawSwapWith(
  ctx: Ctx,
  input: { withUserId: string; meeting?: string },
): Promise<SwapOutcome> {
  const series = await requireSeries(ctx);
  const meeting = input.meeting === undefined ? null : await resolveMeeting(ctx, series, input.meeting);
  return transact(ctx, async (tx) => {
    const request = (await pendingSwapsBetween(tx.db, series.id, tx.actor.userId, input.withUserId)).find(
      (r) => r.expiresAt > tx.now && (meeting === null || r.fromMeetingId === meeting.id),
    );
    if (!request) throw new UserError('error.swap.noneToWithdraw', { user: input.withUserId });
    return withdraw(tx, series, request);
  });
}
