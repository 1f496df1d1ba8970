import { parseTitle } from '../domain/user-input.ts';
import { localDateOf } from '../domain/zoned-time.ts';
import { type Ctx, requireSeries } from './context.ts';
import { presenterSlotIn, requirePresenterSlot } from './presenterSlot.ts';
import { saveTitle, setTitle } from './setTitle.ts';
import { targetById } from './target.ts';
import type { MeetingView } from './views.ts';

/**
 * `/topic set` without a title: checks, before the form opens, that the actor
 * presents in the meeting (or has an upcoming slot), and returns the meeting
 * the form is for and the title it holds now.
 */
export function titleFormTarget(
  ctx: Ctx,
  input: { meeting?: string },
): { meetingId: number; currentTitle: string | null } {
  const series = requireSeries(ctx);
  const { meeting, slot } = requirePresenterSlot(ctx, series, input.meeting);
  return { meetingId: meeting.id, currentTitle: slot.title };
}

/** The title form submitted: `setTitle` for exactly the meeting the form was opened for. */
export function setTitleOfMeeting(
  ctx: Ctx,
  input: { meetingId: number | null; title: string },
): MeetingView & { title: string } {
  if (input.meetingId === null) return setTitle(ctx, { title: input.title });
  const target = targetById(ctx, input.meetingId);
  const title = parseTitle(input.title);
  const slot = presenterSlotIn(ctx, target, localDateOf(target.meeting.startsAt, target.series.timeZone));
  return saveTitle(ctx, target, slot, title);
}
