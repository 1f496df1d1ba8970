import { expireSwaps } from '../app/expireSwaps.ts';
import { planSeries } from '../app/planSeries.ts';
import type { Logger } from '../log.ts';
import { type Db, inTransaction } from '../store/db.ts';
import { seriesDueForPlanning, setNextPlanAt } from '../store/series.ts';

/**
 * The planning pass: every active series whose plan needs extending by `now`
 * (found through the next_plan_at index, so the cost follows the work, not the
 * number of series) is re-planned and its reminders enqueued; expired swap
 * requests are closed. Each series in its own transaction.
 */
export function planAhead(db: Db, now: number, log: Logger): { planned: number; expired: number } {
  const expired = expireSwaps(db, now).length;
  let planned = 0;
  for (;;) {
    const due = seriesDueForPlanning(db, now, 200);
    if (due.length === 0) break;
    for (const series of due) {
      try {
        inTransaction(db, () => planSeries(db, series, now));
      } catch (error) {
        log.error({ seriesId: series.id, guildId: series.guildId, err: error }, 'planning failed');
        // Try again in an hour rather than spinning on a broken series.
        setNextPlanAt(db, series.id, now + 3_600_000);
      }
      planned += 1;
    }
  }
  return { planned, expired };
}
