import type { Ctx } from './context.ts';
import { requireSeries, resolveMeeting } from './context.ts';
import { type MeetingView, meetingView } from './views.ts';

/** `/meeting show` and `/topic list`: one meeting with its presenters and titles. */
export async function showMeeting(ctx: Ctx, input: { meeting?: string }): Promise<MeetingView> {
  const series = await requireSeries(ctx);
  return meetingView(ctx.db, series, await resolveMeeting(ctx, series, input.meeting));
}
