import type { RosterMember } from '../domain/model.ts';
import { activeRoster, getMember, writeOrder } from '../store/roster.ts';
import { type Ctx, requireOrganiser, requireSeries, transact } from './context.ts';
import { recordChange } from './recordChange.ts';
import { checkPosition, orderWith, requireActiveMember } from './roster.ts';

/** `/rotation move`: puts a member at a 1-based position in the roster order. */
export function moveMember(ctx: Ctx, input: { userId: string; position: number }): RosterMember {
  requireOrganiser(ctx);
  const series = requireSeries(ctx);
  const before = requireActiveMember(ctx.db, series, input.userId);
  const roster = activeRoster(ctx.db, series.id);
  checkPosition(input.position, roster.length);
  return transact(ctx, () => {
    writeOrder(ctx.db, series.id, orderWith(roster, input.userId, input.position));
    const after = getMember(ctx.db, series.id, input.userId)!;
    recordChange(ctx, series, { action: 'roster.move', before, after });
    return after;
  });
}
