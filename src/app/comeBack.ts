import { UserError } from '../domain/errors.ts';
import type { AwayPeriod, Series } from '../domain/model.ts';
import { dateKey, epochDay, fromEpochDay, parseDate } from '../domain/user-input.ts';
import { localDateOf } from '../domain/zoned-time.ts';
import { awayOfMember, cancelAway, shortenAway } from '../store/away.ts';
import { covers } from './awayPlan.ts';
import { type Ctx, requireSeries, transact } from './context.ts';
import { recordChange } from './recordChange.ts';

export interface BackResult {
  series: Series;
  /** The away period as it was. */
  period: AwayPeriod;
  /** The first day the member can present again. */
  backFrom: string;
  /** True when none of it is left (it had not begun by `backFrom`). */
  cancelled: boolean;
}

/**
 * `/me back [from]`: the member can present again from `from` (default: today).
 * Without `from`, it ends the away period under way (available from today) or,
 * if none is, cancels the next one. With `from`, it acts on the away period
 * containing that date: it now ends the day before, or is cancelled when that
 * date is its first day.
 */
export async function comeBack(ctx: Ctx, input: { from?: string }): Promise<BackResult> {
  const series = await requireSeries(ctx);
  const today = localDateOf(ctx.now, series.timeZone);
  const date = input.from === undefined ? undefined : dateKey(parseDate(input.from));
  if (date !== undefined && date < today) throw new UserError('error.back.past', { date, today });
  const mine = await awayOfMember(ctx.db, series.id, ctx.actor.userId, today);
  const period =
    date === undefined ? (mine.find((p) => covers(p, today)) ?? mine[0]) : mine.find((p) => covers(p, date));
  if (!period) {
    throw date === undefined
      ? new UserError('error.back.none')
      : new UserError('error.back.notFound', { date });
  }
  const begun = period.fromDate <= today;
  const backFrom = date ?? (begun ? today : period.fromDate);
  const lastDay = dateKey(fromEpochDay(epochDay(parseDate(backFrom)) - 1));
  const cancelled = lastDay < period.fromDate;

  return transact(ctx, async (tx) => {
    if (cancelled) await cancelAway(tx.db, period.id, tx.now);
    else await shortenAway(tx.db, period.id, lastDay);
    const after = cancelled ? null : { ...period, untilDate: lastDay };
    await recordChange(tx, series, {
      action: 'member.back',
      before: period,
      after,
      notices: [
        {
          meetingId: null,
          notice: {
            kind: 'back',
            user: tx.actor.userId,
            from: period.fromDate,
            until: period.untilDate,
            back: backFrom,
            cancelled,
          },
        },
      ],
    });
    return { series, period, backFrom, cancelled };
  });
}
