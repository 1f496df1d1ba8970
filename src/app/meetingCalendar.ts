import type { Series } from '../domain/model.ts';
import { meetingsAfter } from '../store/meetings.ts';
import { type Ctx, requireSeries } from './context.ts';
import { meetingViews } from './listSchedule.ts';
import type { MeetingView } from './views.ts';

/** `/meeting calendar`: the upcoming meetings, cancelled ones included (so calendars drop them). */
export async function meetingCalendar(ctx: Ctx): Promise<MeetingView[]> {
  return (await calendarOf(ctx)).views;
}

/** The same, with the series the reply and the calendar file are named for. */
export async function calendarOf(ctx: Ctx): Promise<{ series: Series; views: MeetingView[] }> {
  const series = await requireSeries(ctx);
  const meetings = await meetingsAfter(ctx.db, series.id, ctx.now - 24 * 3_600_000);
  return { series, views: await meetingViews(ctx, series, meetings) };
}
