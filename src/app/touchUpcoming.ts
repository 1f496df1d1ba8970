import type { Series } from '../domain/model.ts';
import { meetingsAfter, updateMeeting } from '../store/meetings.ts';
import type { Ctx } from './context.ts';

/**
 * After a change that every upcoming meeting shows but none of their times
 * (the location, the name, the length): each gets a new version, so the
 * planning pass re-syncs its scheduled event and calendars see a new SEQUENCE.
 */
export async function touchUpcoming(ctx: Ctx, series: Series): Promise<void> {
  for (const m of await meetingsAfter(ctx.db, series.id, ctx.now)) {
    await updateMeeting(ctx.db, m.id, {
      startsAt: m.startsAt,
      status: m.status,
      reason: m.reason,
      pauseId: m.pauseId,
    });
  }
}
