/**
 * The example season the demo replays: the shape of the community Podium was
 * built for (docs/rules.md#the-community: fortnightly Thursday 21:00
 * Asia/Shanghai, two presenters, 18 members in three groups) with a
 * postponement, a release and claim, a swap, and a December pause. All names
 * are fictional.
 */

import { addMember } from '../app/addMember.ts';
import { acceptSwap } from '../app/answerSwap.ts';
import { claimSlot } from '../app/claimSlot.ts';
import type { Actor } from '../app/context.ts';
import { pauseMeetings } from '../app/pauseMeetings.ts';
import { postponeMeeting } from '../app/postponeMeeting.ts';
import { releaseSlot } from '../app/releaseSlot.ts';
import { requestSwap } from '../app/requestSwap.ts';
import { setTitle } from '../app/setTitle.ts';
import { setupSeries } from '../app/setupSeries.ts';
import { isUserError } from '../domain/errors.ts';
import type { Language } from '../domain/model.ts';
import { titleDeadline } from '../domain/reminders.ts';
import { parseDateTime } from '../domain/user-input.ts';
import { localDateOf } from '../domain/zoned-time.ts';
import type { Db } from '../store/db.ts';
import { meetingsAfter } from '../store/meetings.ts';
import { getSeries } from '../store/series.ts';
import { slotsOfMeeting } from '../store/slots.ts';
import type { SimEvent } from './simulate.ts';

export const DEMO_ZONE = 'Asia/Shanghai';
export const GUILD_ID = '900000000000000001';
export const CHANNEL_ID = '900000000000000002';
export const TOPIC_CHANNEL_ID = '900000000000000003';
export const ORGANISER_ID = '900000000000000009';

const PEOPLE: [string, string][] = [
  ['Alice Chen', 'Main'],
  ['Bo Li', 'Main'],
  ['Chen Yu', 'Virtualization'],
  ['Dana Wu', 'MM'],
  ['Eli Zhang', 'Main'],
  ['Fang Zhou', 'Virtualization'],
  ['Gao Lin', 'MM'],
  ['Hui Sun', 'Main'],
  ['Iris Xu', 'Virtualization'],
  ['Jun Ma', 'MM'],
  ['Kai He', 'Main'],
  ['Lei Guo', 'Virtualization'],
  ['Mei Luo', 'MM'],
  ['Ning Zhao', 'Main'],
  ['Ou Yang', 'Virtualization'],
  ['Pei Song', 'MM'],
  ['Qing Tang', 'Main'],
  ['Rui Feng', 'Virtualization'],
];

const TITLES = [
  'Folio conversion in the page cache',
  'eBPF 调度器实践',
  'Live migration with virtio-mem',
  'KASAN on RISC-V',
  'Memory tiering: what we measured',
  'io_uring 的零拷贝接收',
  'vCPU hotplug pitfalls',
  'Rust drivers: a first year',
  'Transparent huge pages revisited',
  '启动时间优化笔记',
  'Confidential VMs in practice',
  'Lock contention stories',
  'DAMON-based reclaim',
  'Kernel CI 的现状',
  'Nested virtualization on ARM',
  'Swap on zram tuning',
  'Real-time preemption merged',
  'PCI passthrough debugging',
];

export const memberId = (i: number): string => `9100000000000000${String(i + 1).padStart(2, '0')}`;

export const NAMES: ReadonlyMap<string, string> = new Map([
  ...PEOPLE.map(([name], i) => [memberId(i), name] as [string, string]),
  [ORGANISER_ID, 'Organiser'],
]);

export const local = (text: string): number => parseDateTime(text, DEMO_ZONE);

const actorOf = (userId: string, organiser = false): Actor => ({
  userId,
  guildId: GUILD_ID,
  channelId: CHANNEL_ID,
  canManage: organiser,
  roleIds: [],
});

export const SEASON_START = local('2024-07-25 10:00');
export const SEASON_END = local('2025-01-20 00:00');

/** Creates the series and its roster at `SEASON_START`. */
export async function setUpSeason(db: Db, language: Language): Promise<number> {
  const ctx = { db, now: SEASON_START, actor: actorOf(ORGANISER_ID, true) };
  const { series } = await setupSeries(ctx, {
    channelId: CHANNEL_ID,
    weekday: 4,
    time: '21:00',
    timezone: DEMO_ZONE,
    everyWeeks: 2,
    start: '2024-08-01',
    link: 'https://meeting.example.org/j/5551234',
    presenters: 2,
    language,
    name: language === 'zh-CN' ? '内核 SIG 双周例会' : 'Kernel SIG fortnightly',
    topicChannelId: TOPIC_CHANNEL_ID,
  });
  for (const [i, [, group]] of PEOPLE.entries()) await addMember(ctx, { userId: memberId(i), group });
  return series.id;
}

/** A member's action; one the plan no longer allows is simply not done, as a person would notice. */
async function as(
  db: Db,
  userId: string,
  now: number,
  action: (ctx: { db: Db; now: number; actor: Actor }) => Promise<unknown>,
): Promise<void> {
  try {
    await action({ db, now, actor: actorOf(userId, userId === ORGANISER_ID) });
  } catch (error) {
    if (!isUserError(error)) throw error;
  }
}

/**
 * What people do during the season. Titles: the first presenter of each
 * meeting answers the title request within hours; the second only after the
 * nudge, except in October when one title never comes.
 */
export async function seasonEvents(db: Db, seriesId: number): Promise<SimEvent[]> {
  const events: SimEvent[] = [
    {
      at: local('2024-08-20 10:00'),
      run: (now) =>
        as(db, ORGANISER_ID, now, (c) =>
          postponeMeeting(c, {
            meeting: '2024-08-29',
            to: '2024-09-01 21:00',
            reason: 'Most of us are at the conference that week',
          }),
        ),
    },
    {
      at: local('2024-09-20 12:00'),
      run: (now) => as(db, memberId(10), now, (c) => releaseSlot(c, { meeting: '2024-10-10' })),
    },
    {
      at: local('2024-09-20 15:30'),
      run: (now) => as(db, memberId(16), now, (c) => claimSlot(c, { meeting: '2024-10-10' })),
    },
    {
      at: local('2024-10-15 09:00'),
      run: (now) =>
        as(db, memberId(12), now, (c) => requestSwap(c, { withUserId: memberId(14), meeting: '2024-10-24' })),
    },
    {
      at: local('2024-10-15 10:00'),
      run: async (now) => {
        const pending = await db.get<{ id: number }>(
          `SELECT id FROM swap_requests WHERE status = 'pending' ORDER BY id DESC LIMIT 1`,
        );
        if (pending) await as(db, memberId(14), now, (c) => acceptSwap(c, { swapId: pending.id }));
      },
    },
    {
      at: local('2024-11-01 09:00'),
      run: (now) =>
        as(db, ORGANISER_ID, now, (c) =>
          pauseMeetings(c, { from: '2024-12-01', until: '2025-01-01', reason: 'Exam month' }),
        ),
    },
  ];
  // Titles: look the presenters up when the time comes, as they would.
  const series = (await getSeries(db, seriesId))!;
  for (let day = local('2024-08-01 21:00'); day < SEASON_END; day += 14 * 86_400_000) {
    const meetingAt = day;
    const firstTitle = titleDeadline(series, { startsAt: meetingAt }) - 21 * 3_600_000;
    const secondTitle = titleDeadline(series, { startsAt: meetingAt }) + 2 * 3_600_000;
    const presenterOf = async (now: number, index: number) => {
      const meeting = (await meetingsAfter(db, seriesId, now)).find((m) => m.plannedAt === meetingAt);
      return meeting ? { meeting, slot: (await slotsOfMeeting(db, meeting.id))[index] } : undefined;
    };
    const write = (index: number) => async (now: number) => {
      const found = await presenterOf(now, index);
      const userId = found?.slot?.userId;
      if (!found || !userId || found.slot?.title) return;
      const title = TITLES[[...NAMES.keys()].indexOf(userId) % TITLES.length]!;
      await as(db, userId, now, (c) =>
        setTitle(c, { title, meeting: localDateOf(found.meeting.startsAt, DEMO_ZONE) }),
      );
    };
    events.push({ at: firstTitle, run: write(0) });
    if (meetingAt !== local('2024-10-24 21:00')) events.push({ at: secondTitle, run: write(1) });
  }
  return events;
}
