import { UserError } from '../domain/errors.ts';
import { type AwayPeriod, isCancelled, type Series } from '../domain/model.ts';
import { dateKey, epochDay, parseDate, parseReason } from '../domain/user-input.ts';
import { localDateOf } from '../domain/zoned-time.ts';
import { awayOfMember, getAway, insertAway } from '../store/away.ts';
import { meetingsAfter } from '../store/meetings.ts';
import { getMember } from '../store/roster.ts';
import { setSlotMember, slotOfUser } from '../store/slots.ts';
import { covers } from './awayPlan.ts';
import { type Ctx, requireSeries, transact } from './context.ts';
import type { QueuedNotice } from './notify.ts';
import { recordChange } from './recordChange.ts';

/** The longest away period, in days, and how many a member may have ahead at once. */
export const AWAY_MAX_DAYS = 366;
export const AWAY_MAX_AHEAD = 10;

export interface AwayResult {
  series: Series;
  period: AwayPeriod;
  /** Starts of the meetings whose pinned slot was given up for a volunteer. */
  released: number[];
  /** Starts of the meetings the plan had them in, now planned without them. */
  replanned: number[];
}

/**
 * `/me away from until [reason]`: dates (series timezone, both included) the
 * member cannot present. The plan leaves them out of those meetings; they keep
 * their turn and come first at the next meeting after. Their pinned slots in
 * the range are given up with the usual volunteer call. Refused: dates out of
 * order or in the past, longer than a year, overlapping another away period of
 * theirs (shorten it with `/me back` first), or a member not in the rotation.
 */
export async function goAway(
  ctx: Ctx,
  input: { from: string; until: string; reason?: string },
): Promise<AwayResult> {
  const series = await requireSeries(ctx);
  const userId = ctx.actor.userId;
  if (!(await getMember(ctx.db, series.id, userId))?.active) throw new UserError('error.me.notMember');
  const from = dateKey(parseDate(input.from));
  const until = dateKey(parseDate(input.until));
  const reason = parseReason(input.reason);
  if (until < from) throw new UserError('error.away.order', { from, until });
  const today = localDateOf(ctx.now, series.timeZone);
  if (from < today) throw new UserError('error.away.past', { from, today });
  if (epochDay(parseDate(until)) - epochDay(parseDate(from)) + 1 > AWAY_MAX_DAYS)
    throw new UserError('error.away.tooLong', { max: AWAY_MAX_DAYS });
  const mine = await awayOfMember(ctx.db, series.id, userId, today);
  const overlap = mine.find((p) => p.fromDate <= until && from <= p.untilDate);
  if (overlap)
    throw new UserError('error.away.overlap', { from: overlap.fromDate, until: overlap.untilDate });
  if (mine.length >= AWAY_MAX_AHEAD) throw new UserError('error.away.tooMany', { max: AWAY_MAX_AHEAD });

  return transact(ctx, async (tx) => {
    const id = await insertAway(
      tx.db,
      { seriesId: series.id, userId, fromDate: from, untilDate: until, reason },
      tx.now,
    );
    const period = (await getAway(tx.db, id))!;
    const inRange = (await meetingsAfter(tx.db, series.id, tx.now)).filter(
      (m) => !isCancelled(m) && covers(period, localDateOf(m.startsAt, series.timeZone)),
    );
    const freed: { meetingId: number; at: number }[] = [];
    const replanned: number[] = [];
    for (const m of inRange) {
      const slot = await slotOfUser(tx.db, m.id, userId);
      if (!slot) continue;
      if (slot.pinned) {
        // As a release: the slot stays open for a volunteer.
        await setSlotMember(tx.db, slot.id, { userId: null, source: 'open', title: null }, tx.now);
        freed.push({ meetingId: m.id, at: m.startsAt });
      } else replanned.push(m.startsAt);
    }
    const released = freed.map((f) => f.at);
    await recordChange(tx, series, {
      action: 'member.away',
      before: null,
      after: { ...period, released, replanned },
      notices: [
        { meetingId: null, notice: { kind: 'away', user: userId, from, until, reason, released, replanned } },
        ...freed.map(
          (f): QueuedNotice => ({
            meetingId: f.meetingId,
            notice: { kind: 'release', at: f.at, user: userId },
          }),
        ),
      ],
    });
    return { series, period, released, replanned };
  });
}
