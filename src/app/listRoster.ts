import type { AwayPeriod, Series } from '../domain/model.ts';
import { localDateOf } from '../domain/zoned-time.ts';
import { awayOfSeries } from '../store/away.ts';
import { pastTurns } from '../store/meetings.ts';
import { activeRoster } from '../store/roster.ts';
import { type Ctx, isOrganiser, requireSeries } from './context.ts';

export interface RosterView {
  series: Series;
  members: {
    userId: string;
    position: number;
    groupName: string | null;
    turnsTaken: number;
    /** Current and coming away periods; shown to organisers only (absent for members). */
    away?: Pick<AwayPeriod, 'fromDate' | 'untilDate' | 'reason'>[];
  }[];
}

/** `/rotation list`: the roster in order, with groups and turns taken. */
export async function listRoster(ctx: Ctx): Promise<RosterView> {
  const series = await requireSeries(ctx);
  const taken = await pastTurns(ctx.db, series.id, ctx.now);
  const away = (await isOrganiser(ctx.db, ctx.actor))
    ? await awayOfSeries(ctx.db, series.id, localDateOf(ctx.now, series.timeZone))
    : null;
  return {
    series,
    members: (await activeRoster(ctx.db, series.id)).map((m) => ({
      userId: m.userId,
      position: m.position,
      groupName: m.groupName,
      turnsTaken: taken.get(m.userId) ?? 0,
      ...(away
        ? {
            away: away
              .filter((p) => p.userId === m.userId)
              .map((p) => ({ fromDate: p.fromDate, untilDate: p.untilDate, reason: p.reason })),
          }
        : {}),
    })),
  };
}
