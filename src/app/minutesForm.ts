import { UserError } from '../domain/errors.ts';
import { isCancelled } from '../domain/model.ts';
import { localDateOf } from '../domain/zoned-time.ts';
import { meetingsBetween } from '../store/meetings.ts';
import { type Minutes, minutesByAuthor } from '../store/minutes.ts';
import { type Ctx, isOrganiser, requireSeries } from './context.ts';
import { meetingViews } from './listSchedule.ts';
import {
  type MinutesResult,
  minutesMeeting,
  parseMinutesBody,
  requireTookPlace,
  saveMinutes,
} from './minutes.ts';
import { type Target, targetById } from './target.ts';
import { type MeetingView, meetingView } from './views.ts';

/** What the summary form opens on: the meeting, and the summary it edits (null: a new one). */
export interface MinutesFormTarget {
  view: MeetingView;
  minutes: Minutes | null;
}

/**
 * `/minutes add`, before the form opens: the meeting must have taken place
 * (default: the latest that has started). The actor's own summary of it comes
 * along, since adding again edits it.
 */
export async function minutesAddTarget(ctx: Ctx, input: { meeting?: string }): Promise<MinutesFormTarget> {
  const series = await requireSeries(ctx);
  return formOn(ctx, { series, meeting: await minutesMeeting(ctx, series, input.meeting) });
}

async function formOn(ctx: Ctx, { series, meeting }: Target): Promise<MinutesFormTarget> {
  return {
    view: await meetingView(ctx.db, series, meeting),
    minutes: (await minutesByAuthor(ctx.db, meeting.id, ctx.actor.userId)) ?? null,
  };
}

/** The follow-up's "Add summary" button: the same, for the meeting it names, which must be of the actor's guild. */
export async function minutesButtonTarget(
  ctx: Ctx,
  input: { meetingId: number },
): Promise<MinutesFormTarget> {
  const target = await targetById(ctx, input.meetingId);
  return formOn(ctx, { ...target, meeting: requireTookPlace(ctx, target) });
}

/** The summary form submitted: `addMinutes` for exactly the meeting the form was opened for. */
export async function addMinutesOfMeeting(
  ctx: Ctx,
  input: { meetingId: number; body: string },
): Promise<MinutesResult> {
  const target = await targetById(ctx, input.meetingId);
  const body = parseMinutesBody(input.body);
  return saveMinutes(ctx, { ...target, meeting: requireTookPlace(ctx, target) }, body);
}

/**
 * `/minutes edit`, before the form opens: the summary of `authorId` (default:
 * the actor's own) for the meeting. Another member's summary is for organisers.
 * The submit goes through `editMinutes`, which checks again.
 */
export async function minutesEditTarget(
  ctx: Ctx,
  input: { meeting?: string; authorId?: string },
): Promise<MinutesFormTarget & { minutes: Minutes }> {
  const series = await requireSeries(ctx);
  const meeting = await minutesMeeting(ctx, series, input.meeting);
  const authorId = input.authorId ?? ctx.actor.userId;
  if (authorId !== ctx.actor.userId && !(await isOrganiser(ctx.db, ctx.actor)))
    throw new UserError('error.minutes.notYours');
  const minutes = await minutesByAuthor(ctx.db, meeting.id, authorId);
  if (!minutes) {
    throw new UserError('error.minutes.noneBy', {
      user: authorId,
      date: localDateOf(meeting.startsAt, series.timeZone),
    });
  }
  return { view: await meetingView(ctx.db, series, meeting), minutes };
}

/** How far back suggestions of past meetings look. */
const RECENT_DAYS = 400;

/** The latest meetings that took place, newest first: the ones a summary can be written for. */
export async function recentHeldMeetings(ctx: Ctx, input: { count: number }): Promise<MeetingView[]> {
  const series = await requireSeries(ctx);
  const held = (await meetingsBetween(ctx.db, series.id, ctx.now - RECENT_DAYS * 86_400_000, ctx.now + 1))
    .filter((m) => !isCancelled(m))
    .reverse()
    .slice(0, input.count);
  return meetingViews(ctx, series, held);
}
