import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  GUILD_EVENT_CAP,
  type MirrorCandidate,
  mirrorAction,
  PODIUM_EVENT_BUDGET,
  selectMirrored,
} from '../../src/domain/event-window.ts';

const WEEK = 7 * 86_400_000;
const T0 = Date.UTC(2031, 0, 6, 12);

/** What the store hands in: each series' next `wanted` held meetings, ranked within the series. */
function candidatesOf(series: readonly { wanted: number; offsetMin: number }[]): MirrorCandidate[] {
  return series.flatMap((s, seriesId) =>
    Array.from({ length: s.wanted }, (_, i) => ({
      meetingId: seriesId * 100 + i,
      seriesId,
      rank: i + 1,
      startsAt: T0 + s.offsetMin * 60_000 + i * WEEK,
      version: 1,
      channelId: String(seriesId),
    })),
  );
}

const guilds = fc.array(
  fc.record({ wanted: fc.integer({ min: 0, max: 8 }), offsetMin: fc.integer({ min: 0, max: 7 * 24 * 60 }) }),
  { maxLength: 120 },
);

describe('which meetings a guild mirrors', () => {
  it('never more than Podium’s budget, which leaves room under Discord’s cap', () => {
    expect(PODIUM_EVENT_BUDGET).toBeLessThan(GUILD_EVENT_CAP);
    fc.assert(
      fc.property(guilds, (series) => {
        const all = candidatesOf(series);
        const chosen = selectMirrored(all);
        expect(chosen.length).toBe(Math.min(all.length, PODIUM_EVENT_BUDGET));
      }),
    );
  });

  it('every series’ next meeting before any series’ second, and each series’ meetings in order', () => {
    fc.assert(
      fc.property(guilds, (series) => {
        const chosen = selectMirrored(candidatesOf(series));
        const wanting = series.filter((s) => s.wanted > 0).length;
        const firsts = chosen.filter((c) => c.rank === 1).length;
        expect(firsts).toBe(Math.min(wanting, PODIUM_EVENT_BUDGET));
        const ids = new Set(chosen.map((c) => c.meetingId));
        // A series' meeting is chosen only with every earlier one of the same series.
        for (const c of chosen) {
          for (let r = 1; r < c.rank; r += 1) expect(ids.has(c.meetingId - (c.rank - r))).toBe(true);
        }
      }),
    );
  });

  it('within a rank, the sooner meetings first', () => {
    const chosen = selectMirrored(
      candidatesOf([
        { wanted: 3, offsetMin: 300 },
        { wanted: 3, offsetMin: 100 },
        { wanted: 3, offsetMin: 200 },
      ]),
      5,
    );
    expect(chosen.map((c) => [c.seriesId, c.rank])).toEqual([
      [1, 1],
      [2, 1],
      [0, 1],
      [1, 2],
      [2, 2],
    ]);
  });

  it('decides per meeting: cancel a cancelled one’s event, bring a selected one’s up to date, remove the rest', () => {
    const live = (syncedVersion: number) => ({ syncedVersion });
    expect(mirrorAction({ selected: true, cancelled: false, version: 2, live: null })).toBe('upsert');
    expect(mirrorAction({ selected: true, cancelled: false, version: 2, live: live(1) })).toBe('upsert');
    expect(mirrorAction({ selected: true, cancelled: false, version: 2, live: live(2) })).toBe('none');
    expect(mirrorAction({ selected: false, cancelled: false, version: 2, live: live(2) })).toBe('remove');
    expect(mirrorAction({ selected: false, cancelled: false, version: 2, live: null })).toBe('none');
    expect(mirrorAction({ selected: false, cancelled: true, version: 3, live: live(2) })).toBe('cancel');
    expect(mirrorAction({ selected: false, cancelled: true, version: 3, live: null })).toBe('none');
  });
});
