import { UserError } from '../domain/errors.ts';
import { isCancelled, type Pause, type Series } from '../domain/model.ts';
import { localDateOf } from '../domain/zoned-time.ts';
import { meetingsAfter, meetingsOfPause, updateMeeting } from '../store/meetings.ts';
import { cancelPending } from '../store/outbox.ts';
import { endPause, getPause, openPauses } from '../store/pauses.ts';
import { type Ctx, requireOrganiser, requireSeries, transact } from './context.ts';
import { recordChange } from './recordChange.ts';

/** `/meeting resume`: ends the current pause now (or calls off the next one); its upcoming meetings are held again. */
export async function resumeMeetings(
  ctx: Ctx,
): Promise<{ series: Series; pause: Pause; nextMeetingAt: number | null }> {
  await requireOrganiser(ctx);
  const series = await requireSeries(ctx);
  const pause = (await openPauses(ctx.db, series.id, localDateOf(ctx.now, series.timeZone)))[0];
  if (!pause) throw new UserError('error.resume.none');
  return transact(ctx, async (tx) => {
    await endPause(tx.db, pause.id, tx.now);
    await cancelPending(tx.db, series.id, 'notice:resume', `pause:${pause.id}`);
    for (const m of await meetingsOfPause(tx.db, pause.id, tx.now)) {
      await updateMeeting(tx.db, m.id, {
        startsAt: m.startsAt,
        status: m.startsAt === m.plannedAt ? 'scheduled' : 'postponed',
        reason: m.reason,
        pauseId: null,
      });
    }
    const ended = (await getPause(tx.db, pause.id))!;
    await recordChange(tx, series, {
      action: 'series.resume',
      before: pause,
      after: ended,
      notices: [
        {
          meetingId: null,
          notice: { kind: 'resume', from: pause.fromDate, until: pause.untilDate, pauseId: pause.id },
        },
      ],
    });
    const next = (await meetingsAfter(tx.db, series.id, tx.now)).find((m) => !isCancelled(m));
    return { series, pause: ended, nextMeetingAt: next?.startsAt ?? null };
  });
}
