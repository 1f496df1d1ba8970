import { UserError } from '../domain/errors.ts';
import type { RosterMember, Series } from '../domain/model.ts';
import { committedTurns } from '../domain/plan.ts';
import type { Db } from '../store/db.ts';
import { pastTurns } from '../store/meetings.ts';
import { activeRoster, getMember } from '../store/roster.ts';

/** The roster's user ids with `userId` placed at 1-based `position` (clamped), others in order. */
export function orderWith(
  roster: readonly RosterMember[],
  userId: string,
  position: number | undefined,
): string[] {
  const others = roster.map((m) => m.userId).filter((id) => id !== userId);
  const index =
    position === undefined ? others.length : Math.min(Math.max(position, 1), others.length + 1) - 1;
  others.splice(index, 0, userId);
  return others;
}

export async function requireActiveMember(db: Db, series: Series, userId: string): Promise<RosterMember> {
  const member = await getMember(db, series.id, userId);
  if (!member?.active) throw new UserError('error.roster.notMember', { user: userId });
  return member;
}

export function checkPosition(position: number | undefined, size: number): void {
  if (position !== undefined && (!Number.isInteger(position) || position < 1 || position > size)) {
    throw new UserError('error.roster.position', { value: position, max: size });
  }
}

/** Turns a member has taken (plus joining credit), as of `now`. */
export async function turnsOf(db: Db, series: Series, now: number): Promise<Map<string, number>> {
  const past = await pastTurns(db, series.id, now);
  return new Map((await activeRoster(db, series.id)).map((m) => [m.userId, committedTurns(m, past)]));
}
