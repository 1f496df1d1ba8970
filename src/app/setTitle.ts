import type { Slot } from '../domain/model.ts';
import { parseTitle } from '../domain/user-input.ts';
import { getSlot, setSlotTitle } from '../store/slots.ts';
import { type Ctx, requireSeries, transact } from './context.ts';
import { requirePresenterSlot } from './presenterSlot.ts';
import { recordChange } from './recordChange.ts';
import type { Target } from './target.ts';
import { type MeetingView, meetingView } from './views.ts';

/** `/topic set` (and title capture in the topic channel): the presenter's title for an upcoming meeting. */
export async function setTitle(
  ctx: Ctx,
  input: { title: string; meeting?: string },
): Promise<MeetingView & { title: string }> {
  const series = await requireSeries(ctx);
  const title = parseTitle(input.title);
  const { meeting, slot } = await requirePresenterSlot(ctx, series, input.meeting);
  return saveTitle(ctx, { series, meeting }, slot, title);
}

/** Stores the (parsed) title of the actor's slot in the target meeting. */
export async function saveTitle(
  ctx: Ctx,
  { series, meeting }: Target,
  slot: Slot,
  title: string,
): Promise<MeetingView & { title: string }> {
  return transact(ctx, async (tx) => {
    await setSlotTitle(tx.db, slot.id, title, tx.now);
    // The scheduled event shows titles: the re-plan lets it follow.
    await recordChange(tx, series, {
      action: 'slot.title',
      before: { title: slot.title },
      after: { slotId: slot.id, title },
    });
    const view = await meetingView(tx.db, series, meeting);
    return { ...view, title: (await getSlot(tx.db, slot.id))!.title ?? title };
  });
}
