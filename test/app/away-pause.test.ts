/**
 * A pause just before two members come back from away (docs/rules.md#away,
 * docs/rules.md#rotation invariant 3): the paused meeting's presenters keep
 * their turns; the member back with fewest turns catches up first, and the
 * presenter who does not fit waits by turns, then roster order. Found by the
 * property test (test/app/plan.property.test.ts, seed 1673352921).
 */
import { describe, expect, it } from 'vitest';
import { goAway } from '../../src/app/goAway.ts';
import { pauseMeetings } from '../../src/app/pauseMeetings.ts';
import { planSeries } from '../../src/app/planSeries.ts';
import { localDateOf } from '../../src/domain/zoned-time.ts';
import { meetingsAfter } from '../../src/store/meetings.ts';
import { getSeries } from '../../src/store/series.ts';
import { slotsOfMeeting } from '../../src/store/slots.ts';
import { actor, at, ctx, memberIds, organiser, testDb } from '../support/db.ts';
import { seedSeries } from '../support/season.ts';

const TZ = 'Europe/Berlin';
const [a, b, c] = memberIds(3) as [string, string, string];
const start = at('2026-01-05 09:00', TZ);

describe('a pause while two members are away', () => {
  it('keeps everyone’s turns: the member back with fewest turns catches up, the others follow by turns', async () => {
    const db = await testDb();
    try {
      const boss = ctx(db, start, organiser());
      const { seriesId } = await seedSeries(db, start, {
        timezone: TZ,
        weekday: 4,
        time: '19:00',
        everyWeeks: 1,
        start: '2026-01-08',
        size: 3,
        presenters: 2,
      });
      /** Local date → [status, presenters], for the first seven meetings. */
      const plan = async () => {
        const rows: [string, [string, (string | null)[]]][] = [];
        for (const m of (await meetingsAfter(db, seriesId, Number.NEGATIVE_INFINITY)).slice(0, 7))
          rows.push([
            localDateOf(m.startsAt, TZ),
            [m.status, (await slotsOfMeeting(db, m.id)).map((s) => s.userId)],
          ]);
        return Object.fromEntries(rows);
      };

      await goAway(ctx(db, start, actor(a)), { from: '2026-01-08', until: '2026-01-08' });
      await goAway(ctx(db, start, actor(b)), { from: '2026-01-08', until: '2026-01-22' });
      // Turns before 01-22: a 1, b 0, c 2. b is away, so c fills in beside a.
      expect((await plan())['2026-01-22']).toEqual(['scheduled', [a, c]]);

      await pauseMeetings(boss, { from: '2026-01-22', until: '2026-01-22' });
      const paused = {
        '2026-01-08': ['scheduled', [c]],
        '2026-01-15': ['scheduled', [a, c]],
        '2026-01-22': ['paused', []],
        // b (0 turns, owed) and a (1) come before c (2).
        '2026-01-29': ['scheduled', [b, a]],
        // b (1) first; a and c both have 2 turns: roster order.
        '2026-02-05': ['scheduled', [b, a]],
        // Everyone has had 3 turns after this one: nobody lost a turn.
        '2026-02-12': ['scheduled', [b, c]],
        '2026-02-19': ['scheduled', [a, b]],
      };
      expect(await plan()).toEqual(paused);

      // Time passing does not change it, even once the paused meeting is history.
      const later = at('2026-01-23 09:00', TZ);
      await planSeries(db, (await getSeries(db, seriesId))!, later);
      expect(await plan()).toEqual(paused);
    } finally {
      await db.close();
    }
  });
});
