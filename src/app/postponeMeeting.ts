import { UserError } from '../domain/errors.ts';
import { isCancelled, type Meeting, type Series } from '../domain/model.ts';
import { parseDateTime, parseReason } from '../domain/user-input.ts';
import { localDateOf, localDateTimeOf } from '../domain/zoned-time.ts';
import { getMeeting, meetingsAfter, updateMeeting } from '../store/meetings.ts';
import { openPauses } from '../store/pauses.ts';
import { type Ctx, requireOrganiser, requireSeries, resolveMeeting, transact } from './context.ts';
import { pauseCovering } from './planSeries.ts';
import { recordChange } from './recordChange.ts';

/**
 * `/meeting postpone`: moves one upcoming meeting to a new time, same
 * presenters. The new time must be in the future, outside any pause, and keep
 * the meeting between its neighbours.
 */
export async function postponeMeeting(
  ctx: Ctx,
  input: { meeting?: string; to: string; reason?: string },
): Promise<{ series: Series; meeting: Meeting }> {
  await requireOrganiser(ctx);
  const series = await requireSeries(ctx);
  const meeting = await resolveMeeting(ctx, series, input.meeting, { upcoming: true, held: true });
  const to = parseDateTime(input.to, series.timeZone);
  const reason = parseReason(input.reason);
  const shown = localDateTimeOf(to, series.timeZone);
  if (to <= ctx.now) throw new UserError('error.postpone.past', { value: shown });
  if (to === meeting.startsAt) throw new UserError('error.postpone.same', { value: shown });

  const all = await meetingsAfter(ctx.db, series.id, Number.NEGATIVE_INFINITY);
  const prev = all.filter((m) => m.seq < meeting.seq && !isCancelled(m)).at(-1);
  const next = all.find((m) => m.seq > meeting.seq && !isCancelled(m));
  if ((prev && to <= prev.startsAt) || (next && to >= next.startsAt)) {
    throw new UserError('error.postpone.order', {
      value: shown,
      prev: prev ? localDateTimeOf(prev.startsAt, series.timeZone) : '—',
      next: next ? localDateTimeOf(next.startsAt, series.timeZone) : '—',
    });
  }
  const paused = pauseCovering(
    await openPauses(ctx.db, series.id, localDateOf(ctx.now, series.timeZone)),
    localDateOf(to, series.timeZone),
  );
  if (paused)
    throw new UserError('error.postpone.paused', {
      value: shown,
      from: paused.fromDate,
      until: paused.untilDate,
    });

  return transact(ctx, async (tx) => {
    await updateMeeting(tx.db, meeting.id, {
      startsAt: to,
      status: to === meeting.plannedAt ? 'scheduled' : 'postponed',
      reason,
      pauseId: null,
    });
    const after = (await getMeeting(tx.db, meeting.id))!;
    await recordChange(tx, series, {
      action: 'meeting.postpone',
      before: meeting,
      after,
      notices: [{ meetingId: meeting.id, notice: { kind: 'postpone', from: meeting.startsAt, to, reason } }],
    });
    return { series, meeting: after };
  });
}
