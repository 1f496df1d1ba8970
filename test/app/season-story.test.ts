import { describe, expect, it } from 'vitest';
import { addMember } from '../../src/app/addMember.ts';
import { pauseMeetings } from '../../src/app/pauseMeetings.ts';
import { planSeries } from '../../src/app/planSeries.ts';
import { postponeMeeting } from '../../src/app/postponeMeeting.ts';
import { setupSeries } from '../../src/app/setupSeries.ts';
import type { Db } from '../../src/store/db.ts';
import { meetingsAfter } from '../../src/store/meetings.ts';
import { getSeries } from '../../src/store/series.ts';
import { slotsOfMeeting } from '../../src/store/slots.ts';
import { at, CHANNEL, ctx, memberIds, organiser, testDb } from '../support/db.ts';

const TZ = 'Asia/Shanghai';
const members = memberIds(18);
const m = (n: number) => members[n - 1]!;

/** Every meeting of the series: its instant (UTC ISO), status and presenters. */
async function table(db: Db, seriesId: number) {
  const rows: { at: string; status: string; presenters: (string | null)[] }[] = [];
  for (const meeting of await meetingsAfter(db, seriesId, Number.NEGATIVE_INFINITY)) {
    rows.push({
      at: new Date(meeting.startsAt).toISOString(),
      status: meeting.status,
      presenters: (await slotsOfMeeting(db, meeting.id)).map((s) => s.userId),
    });
  }
  return rows;
}

describe('season story: fortnightly Thursday 21:00 Asia/Shanghai, 18 members, 2 presenters', () => {
  it('keeps every meeting and presenter through a postponement and a December pause', async () => {
    const db = await testDb();
    const setupAt = at('2024-07-20 12:00', TZ);
    const boss = organiser();
    const { series } = await setupSeries(ctx(db, setupAt, boss), {
      channelId: CHANNEL,
      weekday: 4,
      time: '21:00',
      timezone: TZ,
      everyWeeks: 2,
      start: '2024-08-01',
      presenters: 2,
    });
    for (const id of members) await addMember(ctx(db, setupAt, boss), { userId: id, group: 'Main' });

    // The plan covers the next 8 meetings at once.
    expect(
      (await meetingsAfter(db, series.id, setupAt)).filter((x) => x.status === 'scheduled'),
    ).toHaveLength(8);

    await postponeMeeting(ctx(db, at('2024-08-20 10:00', TZ), boss), {
      meeting: '2024-08-29',
      to: '2024-09-01 21:00',
      reason: 'Conference week',
    });

    // Time passes: the hourly planning pass runs every day; the plan must not drift.
    for (let day = at('2024-08-21 00:00', TZ); day < at('2024-11-01 00:00', TZ); day += 86_400_000) {
      await planSeries(db, (await getSeries(db, series.id))!, day);
    }

    const pauseAt = at('2024-11-01 09:00', TZ);
    const dec5 = (await meetingsAfter(db, series.id, pauseAt)).find(
      (x) => x.startsAt === at('2024-12-05 21:00', TZ),
    )!;
    const plannedForDec5 = (await slotsOfMeeting(db, dec5.id)).map((s) => s.userId);
    expect(plannedForDec5).toEqual([m(1), m(2)]);

    await pauseMeetings(ctx(db, pauseAt, boss), {
      from: '2024-12-01',
      until: '2025-01-01',
      reason: 'Exam month',
    });
    for (let day = pauseAt; day < at('2025-01-20 00:00', TZ); day += 86_400_000) {
      await planSeries(db, (await getSeries(db, series.id))!, day);
    }

    const rows = (await table(db, series.id)).filter((r) => r.at <= '2025-01-16T23:59:59.999Z');
    expect(rows).toEqual([
      { at: '2024-08-01T13:00:00.000Z', status: 'scheduled', presenters: [m(1), m(2)] },
      { at: '2024-08-15T13:00:00.000Z', status: 'scheduled', presenters: [m(3), m(4)] },
      { at: '2024-09-01T13:00:00.000Z', status: 'postponed', presenters: [m(5), m(6)] },
      { at: '2024-09-12T13:00:00.000Z', status: 'scheduled', presenters: [m(7), m(8)] },
      { at: '2024-09-26T13:00:00.000Z', status: 'scheduled', presenters: [m(9), m(10)] },
      { at: '2024-10-10T13:00:00.000Z', status: 'scheduled', presenters: [m(11), m(12)] },
      { at: '2024-10-24T13:00:00.000Z', status: 'scheduled', presenters: [m(13), m(14)] },
      { at: '2024-11-07T13:00:00.000Z', status: 'scheduled', presenters: [m(15), m(16)] },
      { at: '2024-11-21T13:00:00.000Z', status: 'scheduled', presenters: [m(17), m(18)] },
      { at: '2024-12-05T13:00:00.000Z', status: 'paused', presenters: [] },
      { at: '2024-12-19T13:00:00.000Z', status: 'paused', presenters: [] },
      { at: '2025-01-02T13:00:00.000Z', status: 'scheduled', presenters: [m(1), m(2)] },
      { at: '2025-01-16T13:00:00.000Z', status: 'scheduled', presenters: [m(3), m(4)] },
    ]);
    // The two planned for 5 December present on 2 January.
    expect(rows.find((r) => r.at.startsWith('2025-01-02'))?.presenters).toEqual(plannedForDec5);
    // And the plan still reaches 8 held meetings ahead.
    const later = at('2025-01-20 00:00', TZ);
    expect((await meetingsAfter(db, series.id, later)).filter((x) => x.status === 'scheduled')).toHaveLength(
      8,
    );
  });
});
