import { meetingsAfter } from '../store/meetings.ts';
import { type Ctx, requireSeries } from './context.ts';
import { type MeetingView, meetingView } from './views.ts';

/** `/meeting calendar`: the upcoming meetings, cancelled ones included (so calendars drop them). */
export function meetingCalendar(ctx: Ctx): MeetingView[] {
  const series = requireSeries(ctx);
  return meetingsAfter(ctx.db, series.id, ctx.now - 24 * 3_600_000).map((m) =>
    meetingView(ctx.db, series, m),
  );
}
