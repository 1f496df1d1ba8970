/** Away periods at the app level: the plan around them, over time, and `/me back`'s semantics. */
import { describe, expect, it } from 'vitest';
import { addMember } from '../../src/app/addMember.ts';
import { comeBack } from '../../src/app/comeBack.ts';
import { goAway } from '../../src/app/goAway.ts';
import { planSeries } from '../../src/app/planSeries.ts';
import { setupSeries } from '../../src/app/setupSeries.ts';
import { awayOfMember } from '../../src/store/away.ts';
import { meetingsAfter } from '../../src/store/meetings.ts';
import { getSeries } from '../../src/store/series.ts';
import { slotsOfMeeting } from '../../src/store/slots.ts';
import { actor, at, CHANNEL, ctx, memberIds, memoryDb, organiser } from '../support/db.ts';
import { expectUserError } from '../support/fixtures.ts';

const TZ = 'Europe/Berlin';
const ids = memberIds(6);
const [a, b, c, d, e, f] = ids as [string, string, string, string, string, string];
const start = at('2026-01-05 09:00', TZ);

/** Weekly on Thursdays 19:00 Berlin from 2026-01-08, two presenters, members a…f in order. */
function weekly() {
  const db = memoryDb();
  const { series } = setupSeries(ctx(db, start, organiser()), {
    channelId: CHANNEL,
    weekday: 4,
    time: '19:00',
    timezone: TZ,
    everyWeeks: 1,
    start: '2026-01-08',
    presenters: 2,
  });
  for (const id of ids) addMember(ctx(db, start, organiser()), { userId: id });
  const byDate = (_now?: number) =>
    Object.fromEntries(
      meetingsAfter(db, series.id, Number.NEGATIVE_INFINITY)
        .slice(0, 5)
        .map((m) => [
          new Date(m.startsAt).toISOString().slice(0, 10),
          slotsOfMeeting(db, m.id).map((s) => s.userId),
        ]),
    ) as Record<string, (string | null)[]>;
  const as = (userId: string, now = start) => ctx(db, now, actor(userId));
  return { db, series, byDate, as };
}

describe('away periods', () => {
  it('keep the member out of the meetings in range and put them first in line at the next one', () => {
    const { byDate, as } = weekly();
    expect(byDate(start)).toMatchObject({ '2026-01-08': [a, b], '2026-01-15': [c, d], '2026-01-22': [e, f] });
    goAway(as(a), { from: '2026-01-08', until: '2026-01-08' });
    // a is not in 01-08; c takes the place; a, owed a turn, leads 01-15.
    expect(byDate(start)).toMatchObject({ '2026-01-08': [b, c], '2026-01-15': [a, d], '2026-01-22': [e, f] });
  });

  it('give the same plan before and after the meetings in the away period are held', () => {
    const { db, series, byDate, as } = weekly();
    goAway(as(f), { from: '2026-01-08', until: '2026-01-08' });
    // f was not due on 01-08, but is owed the next meeting: first in line on 01-15.
    const before = byDate(start);
    expect(before['2026-01-15']).toEqual([f, c]);
    const later = at('2026-01-09 09:00', TZ);
    planSeries(db, getSeries(db, series.id)!, later);
    expect(byDate(later)).toEqual(before);
  });

  it('/me back ends the current period, cancels the next one, or cuts the one containing a date', () => {
    const { db, series, as } = weekly();
    goAway(as(b), { from: '2026-01-05', until: '2026-01-20' });
    goAway(as(b), { from: '2026-02-01', until: '2026-02-10' });
    const mine = () => awayOfMember(db, series.id, b, '2026-01-01').map((p) => [p.fromDate, p.untilDate]);
    const later = at('2026-01-07 10:00', TZ);
    // Without `from`: the current one now ends yesterday.
    expect(comeBack(as(b, later), {})).toMatchObject({ backFrom: '2026-01-07', cancelled: false });
    expect(mine()).toEqual([
      ['2026-01-05', '2026-01-06'],
      ['2026-02-01', '2026-02-10'],
    ]);
    // With `from` inside a coming one: it now ends the day before.
    expect(comeBack(as(b, later), { from: '2026-02-04' })).toMatchObject({ cancelled: false });
    expect(mine()[1]).toEqual(['2026-02-01', '2026-02-03']);
    // Without `from` and nothing under way: the next one is cancelled.
    expect(comeBack(as(b, later), {})).toMatchObject({ backFrom: '2026-02-01', cancelled: true });
    expect(mine()).toEqual([['2026-01-05', '2026-01-06']]);
    expectUserError(() => comeBack(as(b, later), {}), 'error.back.none');
  });

  it('refuses what cannot be an away period', () => {
    const { as } = weekly();
    expectUserError(() => goAway(as(a), { from: '2026-01-10', until: '2026-01-09' }), 'error.away.order');
    expectUserError(() => goAway(as(a), { from: '2026-01-04', until: '2026-01-09' }), 'error.away.past');
    expectUserError(() => goAway(as(a), { from: '2026-01-10', until: '2027-02-09' }), 'error.away.tooLong');
    expectUserError(
      () => goAway(as('400000000000000099'), { from: '2026-01-10', until: '2026-01-12' }),
      'error.me.notMember',
    );
    goAway(as(a), { from: '2026-01-10', until: '2026-01-12' });
    expectUserError(() => goAway(as(a), { from: '2026-01-12', until: '2026-01-14' }), 'error.away.overlap');
    expectUserError(() => comeBack(as(a), { from: '2026-01-04' }), 'error.back.past');
    expectUserError(() => comeBack(as(a), { from: '2026-01-20' }), 'error.back.notFound');
  });
});
