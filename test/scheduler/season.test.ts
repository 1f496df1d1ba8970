import { describe, expect, it } from 'vitest';
import { pauseMeetings } from '../../src/app/pauseMeetings.ts';
import { postponeMeeting } from '../../src/app/postponeMeeting.ts';
import { localDateOf, localDateTimeOf } from '../../src/domain/zoned-time.ts';
import { getMeeting } from '../../src/store/meetings.ts';
import { at, ctx, organiser, testDb } from '../support/db.ts';
import { harness, seedSeries } from '../support/season.ts';

const TZ = 'Asia/Shanghai';

describe('a whole season through the scheduler, with a simulated clock', () => {
  it('posts exactly these messages, at these times, pinging these members', async () => {
    const db = await testDb();
    const start = at('2024-07-20 12:00', TZ);
    const { members } = await seedSeries(db, start, {
      timezone: TZ,
      weekday: 4,
      time: '21:00',
      everyWeeks: 2,
      start: '2024-08-01',
      size: 18,
    });
    const m = (...n: number[]) => n.map((i) => `m${i}`).join(',');
    const h = harness(db, start);
    await h.run(at('2025-01-17 00:00', TZ), [
      // After the title request went out, the meeting moves from Thursday to Sunday.
      {
        at: at('2024-08-28 10:00', TZ),
        run: async (now) => {
          await postponeMeeting(ctx(db, now, organiser()), {
            meeting: '2024-08-29',
            to: '2024-09-01 21:00',
            reason: 'Conference',
          });
        },
      },
      {
        at: at('2024-11-01 09:00', TZ),
        run: async (now) => {
          await pauseMeetings(ctx(db, now, organiser()), {
            from: '2024-12-01',
            until: '2025-01-01',
            reason: 'Exam month',
          });
        },
      },
    ]);
    const name = (id: string) => `m${members.indexOf(id) + 1}`;
    const posts: string[] = [];
    for (const p of h.poster.messages) {
      const meeting = p.meetingId === null ? null : (await getMeeting(db, p.meetingId))!;
      posts.push(
        `${localDateTimeOf(p.at, TZ)} ${p.kind} ${meeting ? localDateOf(meeting.startsAt, TZ) : '-'} [${p.users.map(name).join(',')}]`,
      );
    }
    const meeting = (date: string, prev: string, next: string, day: string, who: string) => [
      `${prev} 21:00 title_request ${day} [${who}]`,
      `${next} 21:00 title_nudge ${day} [${who}]`,
      `${date} 20:00 agenda ${day} [${who}]`,
      `${date} 23:00 follow_up ${day} []`,
    ];
    expect(posts).toEqual([
      ...meeting('2024-08-01', '2024-07-30', '2024-07-31', '2024-08-01', m(1, 2)),
      ...meeting('2024-08-15', '2024-08-13', '2024-08-14', '2024-08-15', m(3, 4)),
      // Postponed after its title request: not repeated; a notice; the rest re-timed.
      '2024-08-27 21:00 title_request 2024-09-01 [m5,m6]',
      '2024-08-28 10:00 notice:postpone 2024-09-01 [m5,m6]',
      '2024-08-31 21:00 title_nudge 2024-09-01 [m5,m6]',
      '2024-09-01 20:00 agenda 2024-09-01 [m5,m6]',
      '2024-09-01 23:00 follow_up 2024-09-01 []',
      ...meeting('2024-09-12', '2024-09-10', '2024-09-11', '2024-09-12', m(7, 8)),
      ...meeting('2024-09-26', '2024-09-24', '2024-09-25', '2024-09-26', m(9, 10)),
      ...meeting('2024-10-10', '2024-10-08', '2024-10-09', '2024-10-10', m(11, 12)),
      ...meeting('2024-10-24', '2024-10-22', '2024-10-23', '2024-10-24', m(13, 14)),
      '2024-11-01 09:00 notice:pause - []',
      ...meeting('2024-11-07', '2024-11-05', '2024-11-06', '2024-11-07', m(15, 16)),
      ...meeting('2024-11-21', '2024-11-19', '2024-11-20', '2024-11-21', m(17, 18)),
      // Nothing for 5 and 19 December; the presenters planned for 5 December come back on 2 January.
      '2024-12-31 21:00 title_request 2025-01-02 [m1,m2]',
      '2025-01-01 21:00 title_nudge 2025-01-02 [m1,m2]',
      '2025-01-02 00:00 notice:resume - [m1,m2]',
      '2025-01-02 20:00 agenda 2025-01-02 [m1,m2]',
      '2025-01-02 23:00 follow_up 2025-01-02 []',
      ...meeting('2025-01-16', '2025-01-14', '2025-01-15', '2025-01-16', m(3, 4)),
    ]);
    // Every post went out once, as the message nonce shows.
    const nonces = h.poster.attempts.map((p) => p.nonce);
    expect(new Set(nonces).size).toBe(nonces.length);
  });
});
