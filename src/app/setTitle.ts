import { parseTitle } from '../domain/user-input.ts';
import { getSlot, setSlotTitle } from '../store/slots.ts';
import { audit, type Ctx, requireSeries, transact } from './context.ts';
import { planSeries } from './planSeries.ts';
import { requirePresenterSlot } from './presenterSlot.ts';
import { type MeetingView, meetingView } from './views.ts';

/** `/topic set` (and title capture in the topic channel): the presenter's title for an upcoming meeting. */
export function setTitle(
  ctx: Ctx,
  input: { title: string; meeting?: string },
): MeetingView & { title: string } {
  const series = requireSeries(ctx);
  const title = parseTitle(input.title);
  const { meeting, slot } = requirePresenterSlot(ctx, series, input.meeting);
  return transact(ctx, () => {
    setSlotTitle(ctx.db, slot.id, title, ctx.now);
    audit(ctx, series, 'slot.title', { title: slot.title }, { slotId: slot.id, title });
    // The scheduled event shows titles: let it follow.
    planSeries(ctx.db, series, ctx.now);
    return { ...meetingView(ctx.db, series, meeting), title: getSlot(ctx.db, slot.id)!.title ?? title };
  });
}
