import { UserError } from '../domain/errors.ts';
import { meetingsAfter } from '../store/meetings.ts';
import { type Ctx, requireSeries } from './context.ts';
import { type MeetingView, meetingView } from './views.ts';

/** `/meeting schedule`: the next `count` meetings (cancelled ones shown as such) with their presenters. */
export function listSchedule(ctx: Ctx, input: { count?: number }): MeetingView[] {
  const series = requireSeries(ctx);
  const count = input.count ?? 8;
  if (!Number.isInteger(count) || count < 1 || count > 25)
    throw new UserError('error.count', { min: 1, max: 25 });
  return meetingsAfter(ctx.db, series.id, ctx.now)
    .slice(0, count)
    .map((m) => meetingView(ctx.db, series, m));
}
