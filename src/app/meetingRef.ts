import { UserError } from '../domain/errors.ts';
import type { Meeting, Series } from '../domain/model.ts';
import { localDateOf } from '../domain/zoned-time.ts';
import { getMeeting } from '../store/meetings.ts';
import { getSeries } from '../store/series.ts';
import { type Ctx, resolveMeeting } from './context.ts';

/**
 * A meeting named by its id, as a button or form carries it. Only a meeting of
 * an active series in the actor's guild is found; anything else (a forged id,
 * another guild's meeting, a deleted series) is "out of date", never acted on.
 */
export function meetingOfGuild(
  ctx: Ctx,
  meetingId: number,
): { series: Series; meeting: Meeting; date: string } {
  const meeting = getMeeting(ctx.db, meetingId);
  const series = meeting && getSeries(ctx.db, meeting.seriesId);
  if (!meeting || !series?.active || series.guildId !== ctx.actor.guildId) {
    throw new UserError('error.stale');
  }
  return { series, meeting, date: localDateOf(meeting.startsAt, series.timeZone) };
}

/**
 * The context of an action on a meeting named by id: the actor placed in the
 * series' channel (actions find their series by channel), after checking that
 * the meeting's local date names that very meeting, so acting by date cannot
 * land on another one.
 */
export function ctxForMeeting(ctx: Ctx, ref: { series: Series; meeting: Meeting; date: string }): Ctx {
  const inSeries: Ctx = { ...ctx, actor: { ...ctx.actor, channelId: ref.series.channelId } };
  if (resolveMeeting(inSeries, ref.series, ref.date).id !== ref.meeting.id)
    throw new UserError('error.stale');
  return inSeries;
}
