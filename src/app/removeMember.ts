import { activeRoster, removeMember as markRemoved, writeOrder } from '../store/roster.ts';
import { audit, type Ctx, requireOrganiser, requireSeries, transact } from './context.ts';
import { planSeries } from './planSeries.ts';
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
    audit(ctx, series, 'roster.remove', member, null);
    planSeries(ctx.db, series, ctx.now);
    return { userId: input.userId };
  });
}
