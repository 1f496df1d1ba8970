import { UserError } from '../domain/errors.ts';
import { isCancelled, type Pause, type Series } from '../domain/model.ts';
import { localDateOf } from '../domain/zoned-time.ts';
import { meetingsAfter, meetingsOfPause, updateMeeting } from '../store/meetings.ts';
import { cancelPending } from '../store/outbox.ts';
import { endPause, getPause, openPauses } from '../store/pauses.ts';
import { type Ctx, requireOrganiser, requireSeries, transact } from './context.ts';
import { recordChange } from './recordChange.ts';

/** `/meeting resume`: ends the current pause now (or calls off the next one); its upcoming meetings are held again. */
export function resumeMeetings(ctx: Ctx): { series: Series; pause: Pause; nextMeetingAt: number | null } {
  requireOrganiser(ctx);
  const series = requireSeries(ctx);
  const pause = openPauses(ctx.db, series.id, localDateOf(ctx.now, series.timeZone))[0];
  if (!pause) throw new UserError('error.resume.none');
  return transact(ctx, () => {
    endPause(ctx.db, pause.id, ctx.now);
    cancelPending(ctx.db, series.id, 'notice:resume', `pause:${pause.id}`);
    for (const m of meetingsOfPause(ctx.db, pause.id, ctx.now)) {
      updateMeeting(ctx.db, m.id, {
        startsAt: m.startsAt,
        status: m.startsAt === m.plannedAt ? 'scheduled' : 'postponed',
        reason: m.reason,
        pauseId: null,
      });
    }
    const ended = getPause(ctx.db, pause.id)!;
    recordChange(ctx, series, {
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
    const next = meetingsAfter(ctx.db, series.id, ctx.now).find((m) => !isCancelled(m));
    return { series, pause: ended, nextMeetingAt: next?.startsAt ?? null };
  });
}
