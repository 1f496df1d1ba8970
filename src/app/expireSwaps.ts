import type { SwapRequest } from '../domain/model.ts';
import { type Db, inTransaction } from '../store/db.ts';
import { decideSwap, expiredSwaps } from '../store/swaps.ts';

/** Marks pending swap requests past their deadline as expired (run by the scheduler). */
export function expireSwaps(db: Db, now: number): SwapRequest[] {
  return inTransaction(db, () => {
    const due = expiredSwaps(db, now, 500);
    for (const s of due) decideSwap(db, s.id, 'expired', now);
    return due;
  });
}
