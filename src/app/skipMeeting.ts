import type { Meeting, Series } from '../domain/model.ts';
import { parseReason } from '../domain/user-input.ts';
import { getMeeting, updateMeeting } from '../store/meetings.ts';
import { slotsOfMeeting } from '../store/slots.ts';
import { type Ctx, requireOrganiser, requireSeries, resolveMeeting, transact } from './context.ts';
import { recordChange } from './recordChange.ts';

/** `/meeting skip`: cancels one upcoming meeting; its presenters move to the next held meeting. */
export async function skipMeeting(
  ctx: Ctx,
  input: { meeting?: string; reason?: string },
): Promise<{ series: Series; meeting: Meeting }> {
  await requireOrganiser(ctx);
  const series = await requireSeries(ctx);
  const meeting = await resolveMeeting(ctx, series, input.meeting, { upcoming: true, held: true });
  const reason = parseReason(input.reason);
  return transact(ctx, async (tx) => {
    const presenters = (await slotsOfMeeting(tx.db, meeting.id)).flatMap((s) => (s.userId ? [s.userId] : []));
    await updateMeeting(tx.db, meeting.id, {
      startsAt: meeting.startsAt,
      status: 'skipped',
      reason,
      pauseId: null,
    });
    const after = (await getMeeting(tx.db, meeting.id))!;
    await recordChange(tx, series, {
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
