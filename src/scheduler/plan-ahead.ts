import { expireSwaps } from '../app/expireSwaps.ts';
import { planSeries } from '../app/planSeries.ts';
import type { Logger } from '../log.ts';
import { type Db, inTransaction } from '../store/db.ts';
import { getSeries, seriesDueForPlanning, setNextPlanAt } from '../store/series.ts';

/**
 * The planning pass: every active series whose plan needs extending by `now`
 * (found through the next_plan_at index, so the cost follows the work, not the
 * number of series) is re-planned and its reminders enqueued; expired swap
 * requests are closed. Each series in its own transaction.
 */
export async function planAhead(
  db: Db,
  now: number,
  log: Logger,
): Promise<{ planned: number; expired: number }> {
  const expired = (await expireSwaps(db, now)).length;
  let planned = 0;
  for (;;) {
    const due = await seriesDueForPlanning(db, now, 200);
    if (due.length === 0) break;
    for (const series of due) {
      try {
        // Under the guild's lock on PostgreSQL, as the guild's actions are: one at a time.
        // The series as it is now, inside the transaction: an action may have changed it since the batch was read.
        await inTransaction(
          db,
          async (tx) => {
            const fresh = await getSeries(tx, series.id);
            if (fresh?.active) await planSeries(tx, fresh, now);
          },
          { lock: series.guildId },
        );
      } catch (error) {
        log.error({ seriesId: series.id, guildId: series.guildId, err: error }, 'planning failed');
        // Try again in an hour rather than spinning on a broken series.
        await setNextPlanAt(db, series.id, now + 3_600_000);
      }
      planned += 1;
    }
  }
  return { planned, expired };
}
