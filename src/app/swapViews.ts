import type { SwapRequest } from '../domain/model.ts';
import { getMeeting } from '../store/meetings.ts';
import { getSeries } from '../store/series.ts';
import type { Ctx } from './context.ts';
import { type MeetingView, meetingView } from './views.ts';

/** The two meetings a swap request is about, for showing the request. */
export function swapViews(
  ctx: Ctx,
  request: SwapRequest,
): { from: MeetingView; to: MeetingView | null } | null {
  const series = getSeries(ctx.db, request.seriesId);
  const from = getMeeting(ctx.db, request.fromMeetingId);
  if (!series || !from) return null;
  const to = request.toMeetingId === null ? undefined : getMeeting(ctx.db, request.toMeetingId);
  return {
    from: meetingView(ctx.db, series, from),
    to: to ? meetingView(ctx.db, series, to) : null,
  };
}
