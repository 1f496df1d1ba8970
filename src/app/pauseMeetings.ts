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
export async function pauseMeetings(
  ctx: Ctx,
  input: { from: string; until: string; reason?: string },
): Promise<{ series: Series; pause: Pause }> {
  await requireOrganiser(ctx);
  const series = await requireSeries(ctx);
  const from = dateKey(parseDate(input.from));
  const until = dateKey(parseDate(input.until));
  const reason = parseReason(input.reason);
  if (until < from) throw new UserError('error.pause.order', { from, until });
  const today = localDateOf(ctx.now, series.timeZone);
  if (until < today) throw new UserError('error.pause.past', { until, today });
  const overlap = (await openPauses(ctx.db, series.id, today)).find(
    (p) => p.fromDate <= until && from <= p.untilDate,
  );
  if (overlap)
    throw new UserError('error.pause.overlap', { from: overlap.fromDate, until: overlap.untilDate });

  return transact(ctx, async (tx) => {
    const pauseId = await insertPause(
      tx.db,
      { seriesId: series.id, fromDate: from, untilDate: until, reason, createdBy: tx.actor.userId },
      tx.now,
    );
    const cancelled: number[] = [];
    for (const m of await meetingsAfter(tx.db, series.id, tx.now)) {
      const date = localDateOf(m.startsAt, series.timeZone);
      if (m.status === 'skipped' || date < from || date > until) continue;
      await updateMeeting(tx.db, m.id, { startsAt: m.startsAt, status: 'paused', reason: m.reason, pauseId });
      cancelled.push(m.startsAt);
    }
    const pause = (await getPause(tx.db, pauseId))!;
    // The pause ends on its own at the start of the day after `until`: say so then.
    const endsAt = dayRange(until, series.timeZone)[1];
    await recordChange(tx, series, {
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
