import type { RosterMember } from '../domain/model.ts';
import { activeRoster, getMember, writeOrder } from '../store/roster.ts';
import { type Ctx, requireOrganiser, requireSeries, transact } from './context.ts';
import { recordChange } from './recordChange.ts';
import { checkPosition, orderWith, requireActiveMember } from './roster.ts';

/** `/rotation move`: puts a member at a 1-based position in the roster order. */
export async function moveMember(
  ctx: Ctx,
  input: { userId: string; position: number },
): Promise<RosterMember> {
  await requireOrganiser(ctx);
  const series = await requireSeries(ctx);
  const before = await requireActiveMember(ctx.db, series, input.userId);
  const roster = await activeRoster(ctx.db, series.id);
  checkPosition(input.position, roster.length);
  return transact(ctx, async (tx) => {
    await writeOrder(tx.db, series.id, orderWith(roster, input.userId, input.position));
    const after = (await getMember(tx.db, series.id, input.userId))!;
    await recordChange(tx, series, { action: 'roster.move', before, after });
    return after;
  });
}
