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
export async function minutesMeeting(
  ctx: Ctx,
  series: Series,
  dateText: string | undefined,
): Promise<Meeting> {
  const meeting =
    dateText === undefined
      ? await lastHeldMeeting(ctx.db, series.id, ctx.now)
      : await resolveMeeting(ctx, series, dateText);
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
export async function addMinutes(
  ctx: Ctx,
  input: { meeting?: string; body: string },
): Promise<MinutesResult> {
  const series = await requireSeries(ctx);
  const body = parseMinutesBody(input.body);
  const meeting = await minutesMeeting(ctx, series, input.meeting);
  return saveMinutes(ctx, { series, meeting }, body);
}

/** Stores the actor's (parsed) summary of the target meeting, and posts it. */
export function saveMinutes(ctx: Ctx, { series, meeting }: Target, body: string): Promise<MinutesResult> {
  return transact(ctx, async (tx) => {
    const mine = await minutesByAuthor(tx.db, meeting.id, tx.actor.userId);
    const id = mine
      ? mine.id
      : await insertMinutes(tx.db, { meetingId: meeting.id, authorId: tx.actor.userId, body }, tx.now);
    if (mine) await updateMinutes(tx.db, id, body, tx.now);
    const minutes = (await getMinutes(tx.db, id))!;
    await recordChange(tx, series, {
      action: mine ? 'minutes.edit' : 'minutes.add',
      before: mine ?? null,
      after: minutes,
      notices: [
        {
          meetingId: meeting.id,
          notice: { kind: 'minutes', minutesId: id, author: tx.actor.userId, body, edited: Boolean(mine) },
        },
      ],
      replan: false,
    });
    return { view: await meetingView(tx.db, series, meeting), minutes, created: !mine };
  });
}

/** Edits a summary: its author or an organiser. */
export function editMinutes(ctx: Ctx, input: { minutesId: number; body: string }): Promise<MinutesResult> {
  const body = parseMinutesBody(input.body);
  return transact(ctx, async (tx) => {
    const before = await getMinutes(tx.db, input.minutesId);
    const meeting = before && (await getMeeting(tx.db, before.meetingId));
    const series = meeting && (await getSeries(tx.db, meeting.seriesId));
    if (!before || !meeting || !series || series.guildId !== tx.actor.guildId)
      throw new UserError('error.minutes.notFound');
    if (before.authorId !== tx.actor.userId && !(await isOrganiser(tx.db, tx.actor)))
      throw new UserError('error.minutes.notYours');
    await updateMinutes(tx.db, before.id, body, tx.now);
    const minutes = (await getMinutes(tx.db, before.id))!;
    await recordChange(tx, series, { action: 'minutes.edit', before, after: minutes, replan: false });
    return { view: await meetingView(tx.db, series, meeting), minutes, created: false };
  });
}

/** `/minutes show`: the summaries of a meeting (default: the latest that has started). */
export async function showMinutes(
  ctx: Ctx,
  input: { meeting?: string },
): Promise<{ view: MeetingView; minutes: Minutes[] }> {
  const series = await requireSeries(ctx);
  const meeting = await minutesMeeting(ctx, series, input.meeting);
  return {
    view: await meetingView(ctx.db, series, meeting),
    minutes: await minutesOfMeeting(ctx.db, meeting.id),
  };
}
