import type { AwayPeriod, Meeting, Series } from '../domain/model.ts';
import { localDateOf } from '../domain/zoned-time.ts';
import { awayBegunBy, awayOfSeries, heldWithout, lastHeldSlotAt } from '../store/away.ts';
import type { Db } from '../store/db.ts';
import { dayRange } from './context.ts';

/** Whether a local date falls inside an away period (both days included). */
export function covers(period: Pick<AwayPeriod, 'fromDate' | 'untilDate'>, date: string): boolean {
  return period.fromDate <= date && date <= period.untilDate;
}

/** The away periods the planner needs: who is away at each upcoming meeting, and who is owed a turn. */
export async function awayForPlan(
  db: Db,
  series: Series,
  now: number,
): Promise<{ awayAt: (meeting: Meeting) => string[]; owed: Set<string> }> {
  const today = localDateOf(now, series.timeZone);
  const periods = await awayOfSeries(db, series.id, today);
  const awayAt = (meeting: Meeting): string[] => {
    if (periods.length === 0) return [];
    const date = localDateOf(meeting.startsAt, series.timeZone);
    return [...new Set(periods.filter((p) => covers(p, date)).map((p) => p.userId))];
  };
  return { awayAt, owed: await owedFromHistory(db, series, now, today) };
}

/**
 * Members owed a turn by the meetings already held: away at one of them
 * without a slot, and in no slot of a meeting held since (the planner's rule
 * for upcoming meetings, applied to the past).
 */
async function owedFromHistory(db: Db, series: Series, now: number, today: string): Promise<Set<string>> {
  const owed = new Set<string>();
  const byUser = new Map<string, AwayPeriod[]>();
  for (const p of await awayBegunBy(db, series.id, today))
    byUser.set(p.userId, [...(byUser.get(p.userId) ?? []), p]);
  for (const [userId, periods] of byUser) {
    const lastSlot = await lastHeldSlotAt(db, series.id, userId, now);
    const after = lastSlot === null ? Number.NEGATIVE_INFINITY : lastSlot + 1;
    for (const p of periods.reverse()) {
      const end = dayRange(p.untilDate, series.timeZone)[1];
      // Latest first: a period over before the last slot, and all before it, are settled.
      if (end <= after) break;
      const from = Math.max(dayRange(p.fromDate, series.timeZone)[0], after);
      const to = Math.min(end, now + 1);
      if (from < to && (await heldWithout(db, series.id, userId, from, to))) {
        owed.add(userId);
        break;
      }
    }
  }
  return owed;
}
