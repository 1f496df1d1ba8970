import type { SwapRequest } from '../domain/model.ts';
import { type Db, inTransaction } from '../store/db.ts';
import { decideSwap, expiredSwaps } from '../store/swaps.ts';
import { closeSwapPost } from './swapPost.ts';

/** Marks pending swap requests past their deadline as expired (run by the scheduler); their posts lose their buttons. */
export function expireSwaps(db: Db, now: number): Promise<SwapRequest[]> {
  return inTransaction(db, async (tx) => {
    const due = await expiredSwaps(tx, now, 500);
    for (const s of due) {
      await decideSwap(tx, s.id, 'expired', now);
      await closeSwapPost(tx, s.id, now);
    }
    return due;
  });
}
