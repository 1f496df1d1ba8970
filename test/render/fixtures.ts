/** Hand-built domain objects for the renderer tests: no database. */
import type { RosterView } from '../../src/app/listRoster.ts';
import type { MeetingView } from '../../src/app/views.ts';
import {
  DEFAULT_OFFSETS,
  type Language,
  type Meeting,
  type Series,
  type Slot,
} from '../../src/domain/model.ts';

/** 2024-09-05 21:00 Asia/Shanghai = 13:00 UTC. */
export const START = Date.UTC(2024, 8, 5, 13, 0);
export const START_UNIX = 1725541200;
export const NEXT_START = START + 14 * 86_400_000;

export const ALICE = '111111111111111111';
export const BOB = '222222222222222222';
export const CAROL = '333333333333333333';
export const DAVE = '444444444444444444';
export const ROLE = '555555555555555555';
export const CHANNEL = '666666666666666666';
export const TOPIC = '777777777777777777';

export function series(overrides: Partial<Series> = {}): Series {
  return {
    id: 1,
    guildId: '999999999999999999',
    channelId: CHANNEL,
    name: 'Kernel SIG',
    timeZone: 'Asia/Shanghai',
    weekday: 4,
    hour: 21,
    minute: 0,
    everyWeeks: 2,
    firstDate: '2024-08-01',
    durationMin: 60,
    link: 'https://meet.example.com/podium',
    presenters: 2,
    language: 'en',
    topicChannelId: TOPIC,
    offsets: DEFAULT_OFFSETS,
    nextPlanAt: START,
    active: true,
    ...overrides,
  };
}

export function slot(
  meetingId: number,
  position: number,
  userId: string | null,
  title: string | null = null,
): Slot {
  return {
    id: meetingId * 100 + position,
    meetingId,
    position,
    userId,
    source: userId === null ? 'open' : 'rotation',
    pinned: false,
    title,
  };
}

export function meeting(overrides: Partial<Meeting> = {}): Meeting {
  return {
    id: 7,
    seriesId: 1,
    seq: 3,
    plannedAt: START,
    startsAt: START,
    status: 'scheduled',
    reason: null,
    pauseId: null,
    version: 1,
    ...overrides,
  };
}

export function view(
  s: Series,
  m: Meeting,
  presenters: readonly (readonly [string | null, string | null])[],
  date = '2024-09-05',
): MeetingView {
  return { series: s, meeting: m, date, slots: presenters.map(([u, title], i) => slot(m.id, i, u, title)) };
}

export function roster(s: Series, size: number): RosterView {
  return {
    series: s,
    members: Array.from({ length: size }, (_, i) => ({
      userId: String(100000000000000000n + BigInt(i)),
      position: i + 1,
      groupName: ['Main', 'Virtualization', 'MM'][i % 3] ?? null,
      turnsTaken: i % 4,
    })),
  };
}

export const LANGUAGES: readonly Language[] = ['en', 'zh-CN'];

/** Snowflake-looking ids, distinct. */
export function ids(n: number, base = 800000000000000000n): string[] {
  return Array.from({ length: n }, (_, i) => String(base + BigInt(i)));
}
