import { UserError } from '../domain/errors.ts';
import { isCancelled, type Meeting, type Series } from '../domain/model.ts';
import { hasVisibleText } from '../domain/user-input.ts';
import { localDateOf } from '../domain/zoned-time.ts';
import { getMeeting, lastHeldMeeting } from '../store/meetings.ts';
import {
  getMinutes,
  insertMinutes,
  type Minutes,
  minutesByAuthor,
  minutesOfMeeting,
  updateMinutes,
} from '../store/minutes.ts';
import { getSeries } from '../store/series.ts';
import { type Ctx, isOrganiser, requireSeries, resolveMeeting, transact } from './context.ts';
import { recordChange } from './recordChange.ts';
import type { Target } from './target.ts';
import { type MeetingView, meetingView } from './views.ts';

/** Discord's limit for a paragraph text input, and so for a summary. */
export const MINUTES_MAX = 4000;

export function parseMinutesBody(input: string): string {
  const body = input.replace(/\r\n/g, '\n').trim();
  if (!hasVisibleText(body)) throw new UserError('error.minutes.empty');
  const length = [...body].length;
  if (length > MINUTES_MAX) throw new UserError('error.minutes.tooLong', { length, max: MINUTES_MAX });
  return body;
}

/** The meeting a summary is for: the named one, or the latest that has started. It must have taken place. */
export function minutesMeeting(ctx: Ctx, series: Series, dateText: string | undefined): Meeting {
  const meeting =
    dateText === undefined
      ? lastHeldMeeting(ctx.db, series.id, ctx.now)
      : resolveMeeting(ctx, series, dateText);
  if (!meeting) throw new UserError('error.minutes.noMeeting');
  return requireTookPlace(ctx, { series, meeting });
}

/** The target meeting, which must have taken place for a summary to be written. */
export function requireTookPlace(ctx: Ctx, { series, meeting }: Target): Meeting {
  const date = localDateOf(meeting.startsAt, series.timeZone);
  if (isCancelled(meeting)) throw new UserError('error.meeting.cancelled', { date });
  if (meeting.startsAt > ctx.now) throw new UserError('error.minutes.future', { date });
  return meeting;
}

export interface MinutesResult {
  view: MeetingView;
  minutes: Minutes;
  created: boolean;
}

/**
 * `/minutes add` (the form's submit): anyone adds the summary of a meeting
 * that took place. One per author and meeting: adding again edits yours. It is
 * posted in the channel.
 */
export function addMinutes(ctx: Ctx, input: { meeting?: string; body: string }): MinutesResult {
  const series = requireSeries(ctx);
  const body = parseMinutesBody(input.body);
  const meeting = minutesMeeting(ctx, series, input.meeting);
  return saveMinutes(ctx, { series, meeting }, body);
}

/** Stores the actor's (parsed) summary of the target meeting, and posts it. */
export function saveMinutes(ctx: Ctx, { series, meeting }: Target, body: string): MinutesResult {
  return transact(ctx, () => {
    const mine = minutesByAuthor(ctx.db, meeting.id, ctx.actor.userId);
    const id = mine
      ? mine.id
      : insertMinutes(ctx.db, { meetingId: meeting.id, authorId: ctx.actor.userId, body }, ctx.now);
    if (mine) updateMinutes(ctx.db, id, body, ctx.now);
    const minutes = getMinutes(ctx.db, id)!;
    recordChange(ctx, series, {
      action: mine ? 'minutes.edit' : 'minutes.add',
      before: mine ?? null,
      after: minutes,
      notices: [
        {
          meetingId: meeting.id,
          notice: { kind: 'minutes', minutesId: id, author: ctx.actor.userId, body, edited: Boolean(mine) },
        },
      ],
      replan: false,
    });
    return { view: meetingView(ctx.db, series, meeting), minutes, created: !mine };
  });
}

/** Edits a summary: its author or an organiser. */
export function editMinutes(ctx: Ctx, input: { minutesId: number; body: string }): MinutesResult {
  const body = parseMinutesBody(input.body);
  return transact(ctx, () => {
    const before = getMinutes(ctx.db, input.minutesId);
    const meeting = before && getMeeting(ctx.db, before.meetingId);
    const series = meeting && getSeries(ctx.db, meeting.seriesId);
    if (!before || !meeting || !series || series.guildId !== ctx.actor.guildId)
      throw new UserError('error.minutes.notFound');
    if (before.authorId !== ctx.actor.userId && !isOrganiser(ctx.db, ctx.actor))
      throw new UserError('error.minutes.notYours');
    updateMinutes(ctx.db, before.id, body, ctx.now);
    const minutes = getMinutes(ctx.db, before.id)!;
    recordChange(ctx, series, { action: 'minutes.edit', before, after: minutes, replan: false });
    return { view: meetingView(ctx.db, series, meeting), minutes, created: false };
  });
}

/** `/minutes show`: the summaries of a meeting (default: the latest that has started). */
export function showMinutes(
  ctx: Ctx,
  input: { meeting?: string },
): { view: MeetingView; minutes: Minutes[] } {
  const series = requireSeries(ctx);
  const meeting = minutesMeeting(ctx, series, input.meeting);
  return { view: meetingView(ctx.db, series, meeting), minutes: minutesOfMeeting(ctx.db, meeting.id) };
}
