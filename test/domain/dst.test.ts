import { describe, expect, it } from 'vitest';
import { planSeries } from '../../src/app/planSeries.ts';
import { setupSeries } from '../../src/app/setupSeries.ts';
import { fromLocal, localDateTimeOf, toLocal } from '../../src/domain/zoned-time.ts';
import { meetingsAfter } from '../../src/store/meetings.ts';
import { getSeries } from '../../src/store/series.ts';
import { CHANNEL, ctx, organiser, testDb } from '../support/db.ts';

// Expected instants are worked out by hand from the zones' published rules.
const cases = [
  {
    zone: 'America/New_York',
    time: '02:30',
    // Spring forward 02:00→03:00: 02:30 does not exist and moves to 03:00 EDT (07:00Z).
    special: {
      '2026-03-08': '2026-03-08T07:00:00.000Z',
      '2027-03-14': '2027-03-14T07:00:00.000Z',
      '2028-03-12': '2028-03-12T07:00:00.000Z',
    },
    // Fall back 02:00→01:00: 02:30 happens once, in EST.
    plain: { '2026-11-01': '2026-11-01T07:30:00.000Z', '2027-11-07': '2027-11-07T07:30:00.000Z' },
  },
  {
    zone: 'America/New_York',
    time: '01:30',
    special: {},
    // 01:30 happens twice on fall-back day: the first one (EDT, 05:30Z) is taken.
    plain: {
      '2026-11-01': '2026-11-01T05:30:00.000Z',
      '2027-11-07': '2027-11-07T05:30:00.000Z',
      '2028-11-05': '2028-11-05T05:30:00.000Z',
      '2026-03-08': '2026-03-08T06:30:00.000Z',
    },
  },
  {
    zone: 'Europe/Berlin',
    time: '02:30',
    special: {
      '2026-03-29': '2026-03-29T01:00:00.000Z',
      '2027-03-28': '2027-03-28T01:00:00.000Z',
      '2028-03-26': '2028-03-26T01:00:00.000Z',
    },
    // Fall back 03:00→02:00: 02:30 happens twice; the first (CEST, 00:30Z) is taken.
    plain: {
      '2026-10-25': '2026-10-25T00:30:00.000Z',
      '2027-10-31': '2027-10-31T00:30:00.000Z',
      '2028-10-29': '2028-10-29T00:30:00.000Z',
    },
  },
  {
    zone: 'Europe/Berlin',
    time: '01:30',
    special: {},
    // 01:30 is before both transitions: CET (+1) in March, still CEST (+2) on fall-back day.
    plain: {
      '2026-03-29': '2026-03-29T00:30:00.000Z',
      '2026-10-25': '2026-10-24T23:30:00.000Z',
      '2027-10-31': '2027-10-30T23:30:00.000Z',
    },
  },
] as const;

describe('DST: weekly Sunday meetings across the 2026–2028 transitions', () => {
  it('runs in a process zone that is neither series zone', () => {
    expect(process.env.TZ).toBe('Pacific/Auckland');
    expect(new Date(Date.UTC(2026, 0, 1)).getTimezoneOffset()).toBe(-780);
  });

  for (const c of cases) {
    it(`${c.zone} at ${c.time}: the wall-clock time every week, the gap rule on spring-forward day, never twice`, async () => {
      const db = await testDb();
      const start = Date.parse('2025-12-20T00:00:00Z');
      const { series } = await setupSeries(ctx(db, start, organiser()), {
        channelId: CHANNEL,
        weekday: 7,
        time: c.time,
        timezone: c.zone,
        everyWeeks: 1,
        start: '2026-01-01',
      });
      // The hourly planning pass, compressed to one run a week over three years.
      for (let now = start; now < Date.parse('2029-01-01T00:00:00Z'); now += 7 * 86_400_000) {
        await planSeries(db, (await getSeries(db, series.id))!, now);
      }
      const meetings = (await meetingsAfter(db, series.id, start)).filter(
        (m) => m.startsAt < Date.parse('2029-01-01T00:00:00Z'),
      );
      expect(meetings).toHaveLength(157); // every Sunday of 2026, 2027 and 2028, once
      const instants = meetings.map((m) => m.startsAt);
      expect(new Set(instants).size).toBe(instants.length);
      for (let i = 1; i < instants.length; i += 1) {
        const gapHours = (instants[i]! - instants[i - 1]!) / 3_600_000;
        expect(gapHours).toBeGreaterThanOrEqual(167);
        expect(gapHours).toBeLessThanOrEqual(169);
      }
      const byDate = new Map(
        meetings.map((m) => [localDateTimeOf(m.startsAt, c.zone).slice(0, 10), m.startsAt]),
      );
      for (const [date, iso] of Object.entries({ ...c.special, ...c.plain })) {
        expect(new Date(byDate.get(date)!).toISOString(), date).toBe(iso);
      }
      for (const [date, t] of byDate) {
        const local = localDateTimeOf(t, c.zone).slice(11);
        expect(local, date).toBe(date in c.special ? '03:00' : c.time);
      }
    });
  }
});

describe('fromLocal', () => {
  it('maps a gap time to the transition and an ambiguous time to its first occurrence', () => {
    const ny = 'America/New_York';
    expect(new Date(fromLocal({ year: 2026, month: 3, day: 8, hour: 2, minute: 0 }, ny)).toISOString()).toBe(
      '2026-03-08T07:00:00.000Z',
    );
    expect(new Date(fromLocal({ year: 2026, month: 3, day: 8, hour: 2, minute: 59 }, ny)).toISOString()).toBe(
      '2026-03-08T07:00:00.000Z',
    );
    expect(new Date(fromLocal({ year: 2026, month: 11, day: 1, hour: 1, minute: 0 }, ny)).toISOString()).toBe(
      '2026-11-01T05:00:00.000Z',
    );
    expect(
      new Date(
        fromLocal({ year: 2024, month: 8, day: 1, hour: 21, minute: 0 }, 'Asia/Shanghai'),
      ).toISOString(),
    ).toBe('2024-08-01T13:00:00.000Z');
    // Half-hour zones and a zone that skipped a whole day (Samoa, 2011-12-30).
    expect(
      new Date(fromLocal({ year: 2026, month: 1, day: 1, hour: 9, minute: 0 }, 'Asia/Kolkata')).toISOString(),
    ).toBe('2026-01-01T03:30:00.000Z');
    expect(
      toLocal(
        fromLocal({ year: 2011, month: 12, day: 30, hour: 12, minute: 0 }, 'Pacific/Apia'),
        'Pacific/Apia',
      ).day,
    ).toBe(31);
  });
});
