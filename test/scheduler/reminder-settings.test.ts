import { describe, expect, it } from 'vitest';
import { setReminders } from '../../src/app/setReminders.ts';
import { localDateTimeOf } from '../../src/domain/zoned-time.ts';
import { outboxOfSeries } from '../../src/store/outbox.ts';
import { actor, at, ctx, organiser, testDb } from '../support/db.ts';
import { expectUserError } from '../support/fixtures.ts';
import { harness, seedSeries } from '../support/season.ts';
import { snapshot } from '../support/snapshot.ts';

const TZ = 'Asia/Shanghai';
const start = at('2024-07-20 12:00', TZ);

describe('per-series reminder settings', () => {
  it('re-times pending reminders, turns one off, and posts accordingly', async () => {
    const db = await testDb();
    await seedSeries(db, start, {
      timezone: TZ,
      weekday: 4,
      time: '21:00',
      everyWeeks: 2,
      start: '2024-08-01',
      size: 4,
    });
    const series = await setReminders(ctx(db, start, organiser()), {
      titleRequest: '3d',
      agenda: '30m',
      followUp: 'off',
    });
    expect(series.offsets).toEqual({
      titleRequest: 3 * 24 * 60,
      titleNudge: 24 * 60,
      agenda: 30,
      followUp: null,
    });
    const first = (await outboxOfSeries(db, series.id)).filter(
      (r) => r.meetingId === 1 && r.target === 'channel',
    );
    expect(Object.fromEntries(first.map((r) => [r.kind, [r.state, localDateTimeOf(r.dueAt, TZ)]]))).toEqual({
      title_request: ['pending', '2024-07-29 21:00'],
      title_nudge: ['pending', '2024-07-31 21:00'],
      agenda: ['pending', '2024-08-01 20:30'],
      follow_up: ['cancelled', '2024-08-01 23:00'],
    });
    const h = harness(db, start);
    await h.run(at('2024-08-02 12:00', TZ));
    expect(h.poster.messages.map((m) => [m.kind, localDateTimeOf(m.at, TZ)])).toEqual([
      ['title_request', '2024-07-29 21:00'],
      ['title_nudge', '2024-07-31 21:00'],
      ['agenda', '2024-08-01 20:30'],
    ]);
  });

  it('refuses a bad value or a member, changing nothing', async () => {
    const db = await testDb();
    const { members } = await seedSeries(db, start, {
      timezone: TZ,
      weekday: 4,
      time: '21:00',
      everyWeeks: 2,
      start: '2024-08-01',
      size: 4,
    });
    const before = await snapshot(db);
    for (const [who, input, key] of [
      [organiser(), { agenda: 'soon' }, 'error.offset'],
      [organiser(), { titleRequest: '31d' }, 'error.offset'],
      [organiser(), { agenda: '0m' }, 'error.offset'],
      [actor(members[0]!), { agenda: '2h' }, 'error.notOrganiser'],
    ] as const) {
      await expectUserError(() => setReminders(ctx(db, start, who), input), key);
    }
    expect(await snapshot(db)).toBe(before);
  });
});
