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
import { actor, at, CHANNEL, ctx, memberIds, organiser, testDb } from '../support/db.ts';
import { expectUserError } from '../support/fixtures.ts';

const TZ = 'Europe/Berlin';
const ids = memberIds(6);
const [a, b, c, d, e, f] = ids as [string, string, string, string, string, string];
const start = at('2026-01-05 09:00', TZ);

/** Weekly on Thursdays 19:00 Berlin from 2026-01-08, two presenters, members a…f in order. */
async function weekly() {
  const db = await testDb();
  const { series } = await setupSeries(ctx(db, start, organiser()), {
    channelId: CHANNEL,
    weekday: 4,
    time: '19:00',
    timezone: TZ,
    everyWeeks: 1,
    start: '2026-01-08',
    presenters: 2,
  });
  for (const id of ids) await addMember(ctx(db, start, organiser()), { userId: id });
  const byDate = async (_now?: number) => {
    const meetings = (await meetingsAfter(db, series.id, Number.NEGATIVE_INFINITY)).slice(0, 5);
    const entries: [string, (string | null)[]][] = [];
    for (const m of meetings) {
      entries.push([
        new Date(m.startsAt).toISOString().slice(0, 10),
        (await slotsOfMeeting(db, m.id)).map((s) => s.userId),
      ]);
    }
    return Object.fromEntries(entries) as Record<string, (string | null)[]>;
  };
  const as = (userId: string, now = start) => ctx(db, now, actor(userId));
  return { db, series, byDate, as };
}

describe('away periods', () => {
  it('keep the member out of the meetings in range and put them first in line at the next one', async () => {
    const { byDate, as } = await weekly();
    expect(await byDate(start)).toMatchObject({
      '2026-01-08': [a, b],
      '2026-01-15': [c, d],
      '2026-01-22': [e, f],
    });
    await goAway(as(a), { from: '2026-01-08', until: '2026-01-08' });
    // a is not in 01-08; c takes the place; a, owed a turn, leads 01-15.
    expect(await byDate(start)).toMatchObject({
      '2026-01-08': [b, c],
      '2026-01-15': [a, d],
      '2026-01-22': [e, f],
    });
  });

  it('give the same plan before and after the meetings in the away period are held', async () => {
    const { db, series, byDate, as } = await weekly();
    await goAway(as(f), { from: '2026-01-08', until: '2026-01-08' });
    // f was not due on 01-08, but is owed the next meeting: first in line on 01-15.
    const before = await byDate(start);
    expect(before['2026-01-15']).toEqual([f, c]);
    const later = at('2026-01-09 09:00', TZ);
    await planSeries(db, (await getSeries(db, series.id))!, later);
    expect(await byDate(later)).toEqual(before);
  });

  it('/me back ends the current period, cancels the next one, or cuts the one containing a date', async () => {
    const { db, series, as } = await weekly();
    await goAway(as(b), { from: '2026-01-05', until: '2026-01-20' });
    await goAway(as(b), { from: '2026-02-01', until: '2026-02-10' });
    const mine = async () =>
      (await awayOfMember(db, series.id, b, '2026-01-01')).map((p) => [p.fromDate, p.untilDate]);
    const later = at('2026-01-07 10:00', TZ);
    // Without `from`: the current one now ends yesterday.
    expect(await comeBack(as(b, later), {})).toMatchObject({ backFrom: '2026-01-07', cancelled: false });
    expect(await mine()).toEqual([
      ['2026-01-05', '2026-01-06'],
      ['2026-02-01', '2026-02-10'],
    ]);
    // With `from` inside a coming one: it now ends the day before.
    expect(await comeBack(as(b, later), { from: '2026-02-04' })).toMatchObject({ cancelled: false });
    expect((await mine())[1]).toEqual(['2026-02-01', '2026-02-03']);
    // Without `from` and nothing under way: the next one is cancelled.
    expect(await comeBack(as(b, later), {})).toMatchObject({ backFrom: '2026-02-01', cancelled: true });
    expect(await mine()).toEqual([['2026-01-05', '2026-01-06']]);
    await expectUserError(() => comeBack(as(b, later), {}), 'error.back.none');
  });

  it('refuses what cannot be an away period', async () => {
    const { as } = await weekly();
    await expectUserError(
      () => goAway(as(a), { from: '2026-01-10', until: '2026-01-09' }),
      'error.away.order',
    );
    await expectUserError(
      () => goAway(as(a), { from: '2026-01-04', until: '2026-01-09' }),
      'error.away.past',
    );
    await expectUserError(
      () => goAway(as(a), { from: '2026-01-10', until: '2027-02-09' }),
      'error.away.tooLong',
    );
    await expectUserError(
      () => goAway(as('400000000000000099'), { from: '2026-01-10', until: '2026-01-12' }),
      'error.me.notMember',
    );
    await goAway(as(a), { from: '2026-01-10', until: '2026-01-12' });
    await expectUserError(
      () => goAway(as(a), { from: '2026-01-12', until: '2026-01-14' }),
      'error.away.overlap',
    );
    await expectUserError(() => comeBack(as(a), { from: '2026-01-04' }), 'error.back.past');
    await expectUserError(() => comeBack(as(a), { from: '2026-01-20' }), 'error.back.notFound');
  });
});
