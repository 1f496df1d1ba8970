import type { SwapRequest } from '../domain/model.ts';
import { type Db, inTransaction } from '../store/db.ts';
import { decideSwap, expiredSwaps } from '../store/swaps.ts';
import { closeSwapPost } from './swapPost.ts';

/** Marks pending swap requests past their deadline as expired (run by the scheduler); their posts lose their buttons. */
export function expireSwaps(db: Db, now: number): SwapRequest[] {
  return inTransaction(db, () => {
    const due = expiredSwaps(db, now, 500);
    for (const s of due) {
      decideSwap(db, s.id, 'expired', now);
      closeSwapPost(db, s.id, now);
    }
    return due;
  });
}
