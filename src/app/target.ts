import { UserError } from '../domain/errors.ts';
import type { Meeting, Series } from '../domain/model.ts';
import { getMeeting } from '../store/meetings.ts';
import { getSeries } from '../store/series.ts';
import type { Ctx } from './context.ts';

/** The meeting an action is about, with its series: resolved once, then passed in. */
export interface Target {
  series: Series;
  meeting: Meeting;
}

/**
 * A meeting named by its id, as a button or form carries it. Only a meeting of
 * an active series in the actor's guild is found; anything else (a forged id,
 * another guild's meeting, a deleted series) is "out of date", never acted on.
 */
export async function targetById(ctx: Ctx, meetingId: number): Promise<Target> {
  const meeting = await getMeeting(ctx.db, meetingId);
  const series = meeting && (await getSeries(ctx.db, meeting.seriesId));
  if (!meeting || !series?.active || series.guildId !== ctx.actor.guildId) {
    throw new UserError('error.stale');
  }
  return { series, meeting };
}
