import { beforeAll, describe, expect, it } from 'vitest';
import { addMember } from '../../src/app/addMember.ts';
import { acceptSwap, declineSwap } from '../../src/app/answerSwap.ts';
import { assignSlot } from '../../src/app/assignSlot.ts';
import { claimSlot } from '../../src/app/claimSlot.ts';
import type { Ctx } from '../../src/app/context.ts';
import { addMinutes } from '../../src/app/minutes.ts';
import { moveMember } from '../../src/app/moveMember.ts';
import { pauseMeetings } from '../../src/app/pauseMeetings.ts';
import { postponeMeeting } from '../../src/app/postponeMeeting.ts';
import { releaseSlot } from '../../src/app/releaseSlot.ts';
import { removeMember } from '../../src/app/removeMember.ts';
import { requestSwap } from '../../src/app/requestSwap.ts';
import { resumeMeetings } from '../../src/app/resumeMeetings.ts';
import { setMeetingLocation } from '../../src/app/setMeetingLocation.ts';
import { setTitle } from '../../src/app/setTitle.ts';
import { setupSeries } from '../../src/app/setupSeries.ts';
import { skipMeeting } from '../../src/app/skipMeeting.ts';
import { isUserError } from '../../src/domain/errors.ts';
import type { Db } from '../../src/store/db.ts';
import { actor, at, CHANNEL, ctx, memberIds, organiser, testDb } from '../support/db.ts';
import { snapshot } from '../support/snapshot.ts';

const TZ = 'Asia/Shanghai';
const ids = memberIds(6);
const [a, b, c, d, e] = ids as [string, string, string, string, string];
const outsider = '499999999999999999';
const now = at('2024-08-05 12:00', TZ);
let db: Db;
let swapId: number;

beforeAll(async () => {
  db = await testDb();
  const boss = organiser();
  await setupSeries(ctx(db, at('2024-07-20 12:00', TZ), boss), {
    channelId: CHANNEL,
    weekday: 4,
    time: '21:00',
    timezone: TZ,
    everyWeeks: 2,
    start: '2024-08-01',
  });
  for (const id of ids) await addMember(ctx(db, at('2024-07-20 12:00', TZ), boss), { userId: id });
  await pauseMeetings(ctx(db, now, boss), { from: '2024-10-01', until: '2024-10-31' });
  await assignSlot(ctx(db, now, boss), { meeting: '2024-09-12', userId: outsider });
  await assignSlot(ctx(db, now, boss), { meeting: '2024-09-12', userId: c });
  // 2024-08-01 (held): a, b. Upcoming: 08-15 d, e; 08-29 f, a; 09-12 outsider*, c* (pinned) …
  swapId = (await requestSwap(ctx(db, now, actor(d)), { withUserId: a })).id;
});

const member =
  (id = a) =>
  (): Ctx =>
    ctx(db, now, actor(id));
const boss = (): Ctx => ctx(db, now, organiser());
const setup = {
  channelId: CHANNEL,
  weekday: 4,
  time: '21:00',
  timezone: TZ,
  everyWeeks: 2,
  start: '2024-08-01',
};

const cases: [string, () => unknown, string][] = [
  ['setup by a plain member', () => setupSeries(member()(), setup), 'error.notOrganiser'],
  ['setup at 25:00', () => setupSeries(boss(), { ...setup, time: '25:00' }), 'error.time.invalid'],
  ['setup at 9:00', () => setupSeries(boss(), { ...setup, time: '9:00' }), 'error.time.format'],
  [
    'setup from 2024-02-30',
    () => setupSeries(boss(), { ...setup, start: '2024-02-30' }),
    'error.date.invalid',
  ],
  ['setup from 2024-9-1', () => setupSeries(boss(), { ...setup, start: '2024-9-1' }), 'error.date.format'],
  [
    'setup in Mars/Olympus',
    () => setupSeries(boss(), { ...setup, timezone: 'Mars/Olympus' }),
    'error.timezone',
  ],
  ['setup every 0 weeks', () => setupSeries(boss(), { ...setup, everyWeeks: 0 }), 'error.everyWeeks'],
  ['setup with 11 presenters', () => setupSeries(boss(), { ...setup, presenters: 11 }), 'error.presenters'],
  ['setup in French', () => setupSeries(boss(), { ...setup, language: 'fr' }), 'error.language'],
  [
    'setup with a two-line location',
    () => setupSeries(boss(), { ...setup, link: 'Zoom 812\n4321' }),
    'error.location.lines',
  ],
  [
    'setup with a blank location',
    () => setupSeries(boss(), { ...setup, link: ' \u200b ' }),
    'error.location.empty',
  ],
  ['setup lasting 4 minutes', () => setupSeries(boss(), { ...setup, duration: 4 }), 'error.duration'],
  ['setup lasting 13 hours', () => setupSeries(boss(), { ...setup, duration: 781 }), 'error.duration'],
  [
    'postpone by a member',
    () => postponeMeeting(member()(), { meeting: '2024-08-15', to: '2024-08-18 21:00' }),
    'error.notOrganiser',
  ],
  [
    'postpone 2024-02-30',
    () => postponeMeeting(boss(), { meeting: '2024-02-30', to: '2024-08-18 21:00' }),
    'error.date.invalid',
  ],
  [
    'postpone to 2024-9-1 21:00',
    () => postponeMeeting(boss(), { meeting: '2024-08-15', to: '2024-9-1 21:00' }),
    'error.date.format',
  ],
  [
    'postpone to 25:00',
    () => postponeMeeting(boss(), { meeting: '2024-08-15', to: '2024-08-18 25:00' }),
    'error.time.invalid',
  ],
  [
    'postpone a past meeting',
    () => postponeMeeting(boss(), { meeting: '2024-08-01', to: '2024-08-18 21:00' }),
    'error.meeting.past',
  ],
  [
    'postpone into the past',
    () => postponeMeeting(boss(), { meeting: '2024-08-15', to: '2024-08-04 21:00' }),
    'error.postpone.past',
  ],
  [
    'postpone past the next meeting',
    () => postponeMeeting(boss(), { meeting: '2024-08-15', to: '2024-08-30 21:00' }),
    'error.postpone.order',
  ],
  [
    'postpone a meeting that does not exist',
    () => postponeMeeting(boss(), { meeting: '2024-08-16', to: '2024-08-18 21:00' }),
    'error.meeting.notFound',
  ],
  [
    'postpone into a pause',
    () => postponeMeeting(boss(), { meeting: '2024-09-26', to: '2024-10-01 21:00' }),
    'error.postpone.paused',
  ],
  ['skip by a member', () => skipMeeting(member()(), { meeting: '2024-08-15' }), 'error.notOrganiser'],
  ['skip a past meeting', () => skipMeeting(boss(), { meeting: '2024-08-01' }), 'error.meeting.past'],
  ['skip a paused meeting', () => skipMeeting(boss(), { meeting: '2024-10-10' }), 'error.meeting.cancelled'],
  [
    'pause until before from',
    () => pauseMeetings(boss(), { from: '2024-12-10', until: '2024-12-01' }),
    'error.pause.order',
  ],
  [
    'pause in the past',
    () => pauseMeetings(boss(), { from: '2024-07-01', until: '2024-07-31' }),
    'error.pause.past',
  ],
  [
    'pause overlapping a pause',
    () => pauseMeetings(boss(), { from: '2024-10-20', until: '2024-11-05' }),
    'error.pause.overlap',
  ],
  [
    'pause by a member',
    () => pauseMeetings(member()(), { from: '2024-12-01', until: '2024-12-31' }),
    'error.notOrganiser',
  ],
  ['resume by a member', () => resumeMeetings(member()()), 'error.notOrganiser'],
  [
    'link by a member',
    () => setMeetingLocation(member()(), { location: 'https://meet.example/1' }),
    'error.notOrganiser',
  ],
  [
    'location of 201 characters',
    () => setMeetingLocation(boss(), { location: '会'.repeat(201) }),
    'error.location.tooLong',
  ],
  [
    'location on two lines',
    () => setMeetingLocation(boss(), { location: 'Zoom 812 3456 7890\r\npasscode 4321' }),
    'error.location.lines',
  ],
  [
    'location of zero-width text only',
    () => setMeetingLocation(boss(), { location: '\u200b\u200c\u2060' }),
    'error.location.empty',
  ],
  ['add by a member', () => addMember(member()(), { userId: outsider }), 'error.notOrganiser'],
  ['add someone already in', () => addMember(boss(), { userId: a }), 'error.roster.already'],
  [
    'add at position 99',
    () => addMember(boss(), { userId: outsider, position: 99 }),
    'error.roster.position',
  ],
  ['add a bot', () => addMember(boss(), { userId: outsider, isBot: true }), 'error.roster.bot'],
  [
    'add with a 41-character group',
    () => addMember(boss(), { userId: outsider, group: 'g'.repeat(41) }),
    'error.group.tooLong',
  ],
  ['remove someone not in', () => removeMember(boss(), { userId: outsider }), 'error.roster.notMember'],
  ['remove by a member', () => removeMember(member()(), { userId: b }), 'error.notOrganiser'],
  ['move to position 0', () => moveMember(boss(), { userId: a, position: 0 }), 'error.roster.position'],
  ['claim by a non-member', () => claimSlot(member(outsider)(), {}), 'error.roster.notMember'],
  ['claim with no open slot', () => claimSlot(member(a)(), {}), 'error.claim.noneOpen'],
  [
    'claim a meeting you present in',
    () => claimSlot(member(d)(), { meeting: '2024-08-15' }),
    'error.claim.already',
  ],
  [
    'release when not presenting',
    () => releaseSlot(member(a)(), { meeting: '2024-08-15' }),
    'error.slot.notPresenter',
  ],
  ['swap with yourself', () => requestSwap(member(d)(), { withUserId: d }), 'error.swap.self'],
  [
    'swap with a non-member',
    () => requestSwap(member(d)(), { withUserId: outsider }),
    'error.roster.notMember',
  ],
  [
    'swap within one meeting',
    () => requestSwap(member(d)(), { withUserId: e, meeting: '2024-08-15' }),
    'error.swap.sameMeeting',
  ],
  ['accept a swap meant for someone else', () => acceptSwap(member(b)(), { swapId }), 'error.swap.notYours'],
  [
    'decline a swap meant for someone else',
    () => declineSwap(member(c)(), { swapId }),
    'error.swap.notYours',
  ],
  ['accept a forged swap id', () => acceptSwap(member(a)(), { swapId: 999 }), 'error.swap.notFound'],
  [
    'assign by a member',
    () => assignSlot(member()(), { meeting: '2024-08-15', userId: outsider }),
    'error.notOrganiser',
  ],
  [
    'assign someone already there',
    () => assignSlot(boss(), { meeting: '2024-08-15', userId: d }),
    'error.assign.already',
  ],
  [
    'assign into a fully pinned meeting',
    () => assignSlot(boss(), { meeting: '2024-09-12', userId: d }),
    'error.assign.full',
  ],
  ['an empty title', () => setTitle(member(d)(), { title: '   ' }), 'error.title.empty'],
  ['a zero-width title', () => setTitle(member(d)(), { title: '\u200b\u200b' }), 'error.title.empty'],
  [
    'a title of a lone zero-width joiner',
    () => setTitle(member(d)(), { title: '\u200d' }),
    'error.title.empty',
  ],
  [
    'a summary that shows nothing',
    () => addMinutes(member(d)(), { body: '\u200b\u200e\u0000' }),
    'error.minutes.empty',
  ],
  [
    'a 5,000-character title',
    () => setTitle(member(d)(), { title: 'x'.repeat(5000) }),
    'error.title.tooLong',
  ],
  [
    'a title when not presenting',
    () => setTitle(member(a)(), { title: 'Hi', meeting: '2024-08-15' }),
    'error.slot.notPresenter',
  ],
];

describe('bad input and missing rights change nothing', () => {
  for (const [name, run, key] of cases) {
    it(name, async () => {
      const before = await snapshot(db);
      let caught: unknown;
      try {
        await run();
      } catch (error) {
        caught = error;
      }
      expect(isUserError(caught), String(caught)).toBe(true);
      expect((caught as { key: string }).key).toBe(key);
      expect(await snapshot(db)).toBe(before);
    });
  }
});
