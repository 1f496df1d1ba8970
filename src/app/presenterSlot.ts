import { UserError } from '../domain/errors.ts';
import type { Meeting, Series, Slot } from '../domain/model.ts';
import { getMeeting } from '../store/meetings.ts';
import { slotOfUser, upcomingSlotsOfUser } from '../store/slots.ts';
import { type Ctx, resolveMeeting } from './context.ts';

/** The actor's slot in the named meeting, or in their next upcoming meeting. */
export function requirePresenterSlot(
  ctx: Ctx,
  series: Series,
  dateText: string | undefined,
): { meeting: Meeting; slot: Slot } {
  if (dateText === undefined) {
    const next = upcomingSlotsOfUser(ctx.db, series.id, ctx.actor.userId, ctx.now)[0];
    if (!next) throw new UserError('error.slot.noneUpcoming');
    return { meeting: getMeeting(ctx.db, next.meetingId)!, slot: next };
  }
  const meeting = resolveMeeting(ctx, series, dateText, { upcoming: true, held: true });
  const slot = slotOfUser(ctx.db, meeting.id, ctx.actor.userId);
  if (!slot) throw new UserError('error.slot.notPresenter', { date: dateText.trim() });
  return { meeting, slot };
}
