import { UserError } from '../domain/errors.ts';
import type { RosterMember } from '../domain/model.ts';
import { hasVisibleText } from '../domain/user-input.ts';
import { pastTurns } from '../store/meetings.ts';
import { activeRoster, getMember, upsertMember, writeOrder } from '../store/roster.ts';
import { type Ctx, requireOrganiser, requireSeries, transact } from './context.ts';
import { recordChange } from './recordChange.ts';
import { checkPosition, orderWith, turnsOf } from './roster.ts';

function parseGroup(input: string | undefined): string | null {
  const group = (input ?? '').replace(/\s+/g, ' ').trim();
  if (!hasVisibleText(group)) return null;
  if ([...group].length > 40) throw new UserError('error.group.tooLong', { max: 40 });
  return group;
}

/**
 * `/rotation add`: a new member joins the end of the current round (or the
 * given position in the roster order), with the round's turn count, so they
 * neither jump the queue nor wait a whole extra round.
 */
export async function addMember(
  ctx: Ctx,
  input: { userId: string; group?: string; position?: number; isBot?: boolean },
): Promise<RosterMember> {
  await requireOrganiser(ctx);
  const series = await requireSeries(ctx);
  if (input.isBot) throw new UserError('error.roster.bot');
  const group = parseGroup(input.group);
  const roster = await activeRoster(ctx.db, series.id);
  if (roster.some((m) => m.userId === input.userId))
    throw new UserError('error.roster.already', { user: input.userId });
  checkPosition(input.position, roster.length + 1);
  return transact(ctx, async (tx) => {
    const turns = [...(await turnsOf(tx.db, series, tx.now)).values()];
    const roundTurns = turns.length === 0 ? 0 : Math.min(...turns);
    const taken = (await pastTurns(tx.db, series.id, tx.now)).get(input.userId) ?? 0;
    await upsertMember(
      tx.db,
      {
        seriesId: series.id,
        userId: input.userId,
        groupName: group,
        turnsBase: Math.max(0, roundTurns - taken),
      },
      tx.now,
    );
    await writeOrder(tx.db, series.id, orderWith(roster, input.userId, input.position));
    const member = (await getMember(tx.db, series.id, input.userId))!;
    await recordChange(tx, series, { action: 'roster.add', before: null, after: member });
    return member;
  });
}
