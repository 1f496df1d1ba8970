import type { Meeting, Series } from '../domain/model.ts';
import { parseReason } from '../domain/user-input.ts';
import { getMeeting, updateMeeting } from '../store/meetings.ts';
import { slotsOfMeeting } from '../store/slots.ts';
import { type Ctx, requireOrganiser, requireSeries, resolveMeeting, transact } from './context.ts';
import { recordChange } from './recordChange.ts';

/** `/meeting skip`: cancels one upcoming meeting; its presenters move to the next held meeting. */
export function skipMeeting(
  ctx: Ctx,
  input: { meeting?: string; reason?: string },
): { series: Series; meeting: Meeting } {
  requireOrganiser(ctx);
  const series = requireSeries(ctx);
  const meeting = resolveMeeting(ctx, series, input.meeting, { upcoming: true, held: true });
  const reason = parseReason(input.reason);
  return transact(ctx, () => {
    const presenters = slotsOfMeeting(ctx.db, meeting.id).flatMap((s) => (s.userId ? [s.userId] : []));
    updateMeeting(ctx.db, meeting.id, {
      startsAt: meeting.startsAt,
      status: 'skipped',
      reason,
      pauseId: null,
    });
    const after = getMeeting(ctx.db, meeting.id)!;
    recordChange(ctx, series, {
      action: 'meeting.skip',
      before: meeting,
      after,
      notices: [
        { meetingId: meeting.id, notice: { kind: 'skip', at: meeting.startsAt, reason, presenters } },
      ],
    });
    return { series, meeting: after };
  });
}
