import type { Series, SwapRequest } from '../domain/model.ts';
import { encodePost } from '../domain/post-data.ts';
import type { Db } from '../store/db.ts';
import { requestEdit } from '../store/message-edits.ts';
import { enqueue } from '../store/outbox.ts';
import { setSwapPost, swapPostOf } from '../store/swaps.ts';

/**
 * Queues the channel post that shows a new swap request, with its buttons.
 * It is an outbox post (not the reply to `/slot swap`), so the bot can edit
 * it when the request closes: an interaction's reply can be edited through
 * its token for 15 minutes only, and a request stays open for days.
 */
export async function postSwapRequest(
  db: Db,
  series: Series,
  request: SwapRequest,
  times: { fromAt: number; toAt: number | null },
  now: number,
): Promise<void> {
  const outboxId = await enqueue(
    db,
    {
      seriesId: series.id,
      meetingId: request.fromMeetingId,
      target: `swap:${request.id}`,
      channelId: series.channelId,
      dueAt: now,
      ...encodePost('swap:request', {
        swapId: request.id,
        from: request.fromUserId,
        to: request.toUserId,
        fromAt: times.fromAt,
        toAt: times.toAt,
        expiresAt: request.expiresAt,
      }),
    },
    now,
  );
  if (outboxId !== null) await setSwapPost(db, request.id, outboxId);
}

/** The request closed (accepted, declined, expired, withdrawn): its post is edited to say so, without buttons. */
export async function closeSwapPost(db: Db, swapId: number, now: number): Promise<void> {
  const outboxId = await swapPostOf(db, swapId);
  if (outboxId !== null) await requestEdit(db, outboxId, now);
}
