import { UserError } from '../domain/errors.ts';
import { isCancelled } from '../domain/model.ts';
import { localDateOf } from '../domain/zoned-time.ts';
import { meetingsBetween } from '../store/meetings.ts';
import { type Minutes, minutesByAuthor } from '../store/minutes.ts';
import { type Ctx, isOrganiser, requireSeries } from './context.ts';
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
export function minutesAddTarget(ctx: Ctx, input: { meeting?: string }): MinutesFormTarget {
  const series = requireSeries(ctx);
  return formOn(ctx, { series, meeting: minutesMeeting(ctx, series, input.meeting) });
}

function formOn(ctx: Ctx, { series, meeting }: Target): MinutesFormTarget {
  return {
    view: meetingView(ctx.db, series, meeting),
    minutes: minutesByAuthor(ctx.db, meeting.id, ctx.actor.userId) ?? null,
  };
}

/** The follow-up's "Add summary" button: the same, for the meeting it names, which must be of the actor's guild. */
export function minutesButtonTarget(ctx: Ctx, input: { meetingId: number }): MinutesFormTarget {
  const target = targetById(ctx, input.meetingId);
  return formOn(ctx, { ...target, meeting: requireTookPlace(ctx, target) });
}

/** The summary form submitted: `addMinutes` for exactly the meeting the form was opened for. */
export function addMinutesOfMeeting(ctx: Ctx, input: { meetingId: number; body: string }): MinutesResult {
  const target = targetById(ctx, input.meetingId);
  const body = parseMinutesBody(input.body);
  return saveMinutes(ctx, { ...target, meeting: requireTookPlace(ctx, target) }, body);
}

/**
 * `/minutes edit`, before the form opens: the summary of `authorId` (default:
 * the actor's own) for the meeting. Another member's summary is for organisers.
 * The submit goes through `editMinutes`, which checks again.
 */
export function minutesEditTarget(
  ctx: Ctx,
  input: { meeting?: string; authorId?: string },
): MinutesFormTarget & { minutes: Minutes } {
  const series = requireSeries(ctx);
  const meeting = minutesMeeting(ctx, series, input.meeting);
  const authorId = input.authorId ?? ctx.actor.userId;
  if (authorId !== ctx.actor.userId && !isOrganiser(ctx.db, ctx.actor))
    throw new UserError('error.minutes.notYours');
  const minutes = minutesByAuthor(ctx.db, meeting.id, authorId);
  if (!minutes) {
    throw new UserError('error.minutes.noneBy', {
      user: authorId,
      date: localDateOf(meeting.startsAt, series.timeZone),
    });
  }
  return { view: meetingView(ctx.db, series, meeting), minutes };
}

/** How far back suggestions of past meetings look. */
const RECENT_DAYS = 400;

/** The latest meetings that took place, newest first: the ones a summary can be written for. */
export function recentHeldMeetings(ctx: Ctx, input: { count: number }): MeetingView[] {
  const series = requireSeries(ctx);
  return meetingsBetween(ctx.db, series.id, ctx.now - RECENT_DAYS * 86_400_000, ctx.now + 1)
    .filter((m) => !isCancelled(m))
    .reverse()
    .slice(0, input.count)
    .map((m) => meetingView(ctx.db, series, m));
}
