import type { Series } from '../domain/model.ts';
import { meetingsAfter } from '../store/meetings.ts';
import { type Ctx, requireSeries } from './context.ts';
import { type MeetingView, meetingView } from './views.ts';

/** `/meeting calendar`: the upcoming meetings, cancelled ones included (so calendars drop them). */
export function meetingCalendar(ctx: Ctx): MeetingView[] {
  return calendarOf(ctx).views;
}

/** The same, with the series the reply and the calendar file are named for. */
export function calendarOf(ctx: Ctx): { series: Series; views: MeetingView[] } {
  const series = requireSeries(ctx);
  const views = meetingsAfter(ctx.db, series.id, ctx.now - 24 * 3_600_000).map((m) =>
    meetingView(ctx.db, series, m),
  );
  return { series, views };
}
