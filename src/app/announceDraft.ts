import { type Ctx, requireOrganiser, requireSeries, resolveMeeting } from './context.ts';
import { type MeetingView, meetingView } from './views.ts';

/** `/announce draft`: the meeting an announcement is written for (default: the next one). Organisers. */
export async function announceDraft(ctx: Ctx, input: { meeting?: string }): Promise<MeetingView> {
  await requireOrganiser(ctx);
  const series = await requireSeries(ctx);
  return meetingView(ctx.db, series, await resolveMeeting(ctx, series, input.meeting, { held: true }));
}
