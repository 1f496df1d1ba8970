import { UserError } from '../domain/errors.ts';
import type { Pause, Series } from '../domain/model.ts';
import { dateKey, parseDate, parseReason } from '../domain/user-input.ts';
import { localDateOf } from '../domain/zoned-time.ts';
import { meetingsAfter, updateMeeting } from '../store/meetings.ts';
import { getPause, insertPause, openPauses } from '../store/pauses.ts';
import { type Ctx, dayRange, requireOrganiser, requireSeries, transact } from './context.ts';
import { recordChange } from './recordChange.ts';

/**
 * `/meeting pause`: no meetings from `from` through `until` (both days
 * included, series timezone). Presenters of the cancelled meetings keep their
 * turn: the plan moves on to the first meeting after the pause.
 */
export function pauseMeetings(
  ctx: Ctx,
  input: { from: string; until: string; reason?: string },
): { series: Series; pause: Pause } {
  requireOrganiser(ctx);
  const series = requireSeries(ctx);
  const from = dateKey(parseDate(input.from));
  const until = dateKey(parseDate(input.until));
  const reason = parseReason(input.reason);
  if (until < from) throw new UserError('error.pause.order', { from, until });
  const today = localDateOf(ctx.now, series.timeZone);
  if (until < today) throw new UserError('error.pause.past', { until, today });
  const overlap = openPauses(ctx.db, series.id, today).find(
    (p) => p.fromDate <= until && from <= p.untilDate,
  );
  if (overlap)
    throw new UserError('error.pause.overlap', { from: overlap.fromDate, until: overlap.untilDate });

  return transact(ctx, () => {
    const pauseId = insertPause(
      ctx.db,
      { seriesId: series.id, fromDate: from, untilDate: until, reason, createdBy: ctx.actor.userId },
      ctx.now,
    );
    const cancelled: number[] = [];
    for (const m of meetingsAfter(ctx.db, series.id, ctx.now)) {
      const date = localDateOf(m.startsAt, series.timeZone);
      if (m.status === 'skipped' || date < from || date > until) continue;
      updateMeeting(ctx.db, m.id, { startsAt: m.startsAt, status: 'paused', reason: m.reason, pauseId });
      cancelled.push(m.startsAt);
    }
    const pause = getPause(ctx.db, pauseId)!;
    // The pause ends on its own at the start of the day after `until`: say so then.
    const endsAt = dayRange(until, series.timeZone)[1];
    recordChange(ctx, series, {
      action: 'series.pause',
      before: null,
      after: pause,
      notices: [
        { meetingId: null, notice: { kind: 'pause', from, until, reason, cancelled } },
        {
          meetingId: null,
          key: `pause:${pauseId}`,
          dueAt: endsAt,
          notice: { kind: 'resume', from, until, pauseId },
        },
      ],
    });
    return { series, pause };
  });
}
