import { activeRoster, removeMember as markRemoved, writeOrder } from '../store/roster.ts';
import { type Ctx, requireOrganiser, requireSeries, transact } from './context.ts';
import { recordChange } from './recordChange.ts';
import { requireActiveMember } from './roster.ts';

/** `/rotation remove`: the member leaves the roster and their future unpinned slots; the plan closes the gap. */
export async function removeMember(ctx: Ctx, input: { userId: string }): Promise<{ userId: string }> {
  await requireOrganiser(ctx);
  const series = await requireSeries(ctx);
  const member = await requireActiveMember(ctx.db, series, input.userId);
  return transact(ctx, async (tx) => {
    await markRemoved(tx.db, series.id, input.userId, tx.now);
    await writeOrder(
      tx.db,
      series.id,
      (await activeRoster(tx.db, series.id)).map((m) => m.userId),
    );
    await recordChange(tx, series, { action: 'roster.remove', before: member, after: null });
    return { userId: input.userId };
  });
}
