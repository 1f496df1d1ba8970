import { UserError } from '../domain/errors.ts';
import type { Meeting, Series } from '../domain/model.ts';
import { meetingsAfter } from '../store/meetings.ts';
import { type Ctx, requireSeries } from './context.ts';
import { type MeetingView, meetingView } from './views.ts';

/** `/meeting schedule`: the next `count` meetings (cancelled ones shown as such) with their presenters. */
export async function listSchedule(ctx: Ctx, input: { count?: number }): Promise<MeetingView[]> {
  const series = await requireSeries(ctx);
  const count = input.count ?? 8;
  if (!Number.isInteger(count) || count < 1 || count > 25)
    throw new UserError('error.count', { min: 1, max: 25 });
  return upcomingViews(ctx, series, count);
}

/** The next `count` meetings of the series, cancelled ones included. */
export async function upcomingViews(ctx: Ctx, series: Series, count: number): Promise<MeetingView[]> {
  const meetings = (await meetingsAfter(ctx.db, series.id, ctx.now)).slice(0, count);
  return meetingViews(ctx, series, meetings);
}

/** The views of meetings, in order: one at a time, so a transaction's `Ctx` works too (one connection). */
export async function meetingViews(
  ctx: Ctx,
  series: Series,
  meetings: readonly Meeting[],
): Promise<MeetingView[]> {
  const views: MeetingView[] = [];
  for (const m of meetings) views.push(await meetingView(ctx.db, series, m));
  return views;
}
