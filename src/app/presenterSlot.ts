import { UserError } from '../domain/errors.ts';
import type { Meeting, Series, Slot } from '../domain/model.ts';
import { getMeeting } from '../store/meetings.ts';
import { slotOfUser, upcomingSlotsOfUser } from '../store/slots.ts';
import { type Ctx, requireMeetingState, resolveMeeting } from './context.ts';
import type { Target } from './target.ts';

/** The actor's slot in the named meeting, or in their next upcoming meeting. */
export async function requirePresenterSlot(
  ctx: Ctx,
  series: Series,
  dateText: string | undefined,
): Promise<{ meeting: Meeting; slot: Slot }> {
  if (dateText === undefined) {
    const next = (await upcomingSlotsOfUser(ctx.db, series.id, ctx.actor.userId, ctx.now))[0];
    if (!next) throw new UserError('error.slot.noneUpcoming');
    return { meeting: (await getMeeting(ctx.db, next.meetingId))!, slot: next };
  }
  const meeting = await resolveMeeting(ctx, series, dateText, { upcoming: true, held: true });
  return { meeting, slot: await slotIn(ctx, meeting, dateText.trim()) };
}

/** The actor's slot in the target meeting, which must be upcoming and held. */
export async function presenterSlotIn(ctx: Ctx, target: Target, date: string): Promise<Slot> {
  return slotIn(ctx, requireMeetingState(ctx, target, { upcoming: true, held: true }), date);
}

async function slotIn(ctx: Ctx, meeting: Meeting, date: string): Promise<Slot> {
  const slot = await slotOfUser(ctx.db, meeting.id, ctx.actor.userId);
  if (!slot) throw new UserError('error.slot.notPresenter', { date });
  return slot;
}
