import { UserError } from '../domain/errors.ts';
import type { Series } from '../domain/model.ts';
import { meetingsAfter } from '../store/meetings.ts';
import { type Ctx, requireSeries } from './context.ts';
import { type MeetingView, meetingView } from './views.ts';

/** `/meeting schedule`: the next `count` meetings (cancelled ones shown as such) with their presenters. */
export function listSchedule(ctx: Ctx, input: { count?: number }): MeetingView[] {
  const series = requireSeries(ctx);
  const count = input.count ?? 8;
  if (!Number.isInteger(count) || count < 1 || count > 25)
    throw new UserError('error.count', { min: 1, max: 25 });
  return upcomingViews(ctx, series, count);
}

/** The next `count` meetings of the series, cancelled ones included. */
export function upcomingViews(ctx: Ctx, series: Series, count: number): MeetingView[] {
  return meetingsAfter(ctx.db, series.id, ctx.now)
    .slice(0, count)
    .map((m) => meetingView(ctx.db, series, m));
}
