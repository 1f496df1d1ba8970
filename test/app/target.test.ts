import { describe, expect, it } from 'vitest';
import { addMember } from '../../src/app/addMember.ts';
import { claimMeeting } from '../../src/app/claimMeeting.ts';
import { postponeMeeting } from '../../src/app/postponeMeeting.ts';
import { releaseSlot } from '../../src/app/releaseSlot.ts';
import { setupSeries } from '../../src/app/setupSeries.ts';
import { setTitleOfMeeting } from '../../src/app/titleForm.ts';
import type { Meeting } from '../../src/domain/model.ts';
import { localDateOf } from '../../src/domain/zoned-time.ts';
import { meetingsAfter } from '../../src/store/meetings.ts';
import { slotsOfMeeting } from '../../src/store/slots.ts';
import { actor, at, CHANNEL, ctx, memberIds, organiser, testDb } from '../support/db.ts';

const TZ = 'Asia/Shanghai';
const [a, b, c, d, e] = memberIds(6) as [string, string, string, string, string];
const now = at('2024-07-20 12:00', TZ);

describe('a meeting named by id is acted on as resolved, never looked up again by its date', () => {
  it('buttons and forms reach the second of two meetings on one day', async () => {
    const db = await testDb();
    const { series } = await setupSeries(ctx(db, now, organiser()), {
      channelId: CHANNEL,
      weekday: 4,
      time: '21:00',
      timezone: TZ,
      everyWeeks: 2,
      start: '2024-08-01',
    });
    for (const id of memberIds(6)) await addMember(ctx(db, now, organiser()), { userId: id, group: 'Main' });
    // The second meeting (c, d) moves to later on the day of the first (a, b).
    await postponeMeeting(ctx(db, now, organiser()), { meeting: '2024-08-15', to: '2024-08-01 23:00' });
    const [first, second] = (await meetingsAfter(db, series.id, now)) as [Meeting, Meeting];
    expect(localDateOf(second.startsAt, TZ)).toBe(localDateOf(first.startsAt, TZ));

    // c gives up their slot of the second meeting; e presses its Claim button.
    await releaseSlot(ctx(db, now, actor(c)), {});
    const claimed = await claimMeeting(ctx(db, now, actor(e)), { meetingId: second.id });
    expect(claimed.meeting.id).toBe(second.id);
    expect((await slotsOfMeeting(db, second.id)).map((s) => s.userId)).toEqual([e, d]);
    expect((await slotsOfMeeting(db, first.id)).map((s) => s.userId)).toEqual([a, b]);

    // d submits the title form of the second meeting.
    const titled = await setTitleOfMeeting(ctx(db, now, actor(d)), {
      meetingId: second.id,
      title: 'Late talk',
    });
    expect(titled.meeting.id).toBe(second.id);
    expect((await slotsOfMeeting(db, second.id)).find((s) => s.userId === d)?.title).toBe('Late talk');
  });
});
