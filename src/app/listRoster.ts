import type { Series } from '../domain/model.ts';
import { pastTurns } from '../store/meetings.ts';
import { activeRoster } from '../store/roster.ts';
import { type Ctx, requireSeries } from './context.ts';

export interface RosterView {
  series: Series;
  members: { userId: string; position: number; groupName: string | null; turnsTaken: number }[];
}

/** `/rotation list`: the roster in order, with groups and turns taken. */
export function listRoster(ctx: Ctx): RosterView {
  const series = requireSeries(ctx);
  const taken = pastTurns(ctx.db, series.id, ctx.now);
  return {
    series,
    members: activeRoster(ctx.db, series.id).map((m) => ({
      userId: m.userId,
      position: m.position,
      groupName: m.groupName,
      turnsTaken: taken.get(m.userId) ?? 0,
    })),
  };
}
