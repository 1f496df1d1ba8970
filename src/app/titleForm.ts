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
export async function titleFormTarget(
  ctx: Ctx,
  input: { meeting?: string },
): Promise<{ meetingId: number; currentTitle: string | null }> {
  const series = await requireSeries(ctx);
  const { meeting, slot } = await requirePresenterSlot(ctx, series, input.meeting);
  return { meetingId: meeting.id, currentTitle: slot.title };
}

/** The title form submitted: `setTitle` for exactly the meeting the form was opened for. */
export async function setTitleOfMeeting(
  ctx: Ctx,
  input: { meetingId: number | null; title: string },
): Promise<MeetingView & { title: string }> {
  if (input.meetingId === null) return setTitle(ctx, { title: input.title });
  const target = await targetById(ctx, input.meetingId);
  const title = parseTitle(input.title);
  const slot = await presenterSlotIn(
    ctx,
    target,
    localDateOf(target.meeting.startsAt, target.series.timeZone),
  );
  return saveTitle(ctx, target, slot, title);
}
