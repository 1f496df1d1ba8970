import type { Ctx } from './context.ts';
import { requireSeries, resolveMeeting } from './context.ts';
import { type MeetingView, meetingView } from './views.ts';

/** `/meeting show` and `/topic list`: one meeting with its presenters and titles. */
export function showMeeting(ctx: Ctx, input: { meeting?: string }): MeetingView {
  const series = requireSeries(ctx);
  return meetingView(ctx.db, series, resolveMeeting(ctx, series, input.meeting));
}
