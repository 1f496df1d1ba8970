import { activeRoster, removeMember as markRemoved, writeOrder } from '../store/roster.ts';
import { type Ctx, requireOrganiser, requireSeries, transact } from './context.ts';
import { recordChange } from './recordChange.ts';
import { requireActiveMember } from './roster.ts';

/** `/rotation remove`: the member leaves the roster and their future unpinned slots; the plan closes the gap. */
export function removeMember(ctx: Ctx, input: { userId: string }): { userId: string } {
  requireOrganiser(ctx);
  const series = requireSeries(ctx);
  const member = requireActiveMember(ctx.db, series, input.userId);
  return transact(ctx, () => {
    markRemoved(ctx.db, series.id, input.userId, ctx.now);
    writeOrder(
      ctx.db,
      series.id,
      activeRoster(ctx.db, series.id).map((m) => m.userId),
    );
    recordChange(ctx, series, { action: 'roster.remove', before: member, after: null });
    return { userId: input.userId };
  });
}
