import { type Ctx, requireOrganiser, requireSeries, resolveMeeting } from './context.ts';
import { type MeetingView, meetingView } from './views.ts';

/** `/announce draft`: the meeting an announcement is written for (default: the next one). Organisers. */
export function announceDraft(ctx: Ctx, input: { meeting?: string }): MeetingView {
  requireOrganiser(ctx);
  const series = requireSeries(ctx);
  return meetingView(ctx.db, series, resolveMeeting(ctx, series, input.meeting, { held: true }));
}
