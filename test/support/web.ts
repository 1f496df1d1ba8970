/**
 * A season like the community's, for the web: the demo's series (18 members
 * in three groups, fortnightly Thursday 21:00 Asia/Shanghai) replayed through
 * the real scheduler up to `now`, with the demo's postponement and December
 * pause, one more postponement still ahead, a summary after each meeting
 * held, the members' names stored as the bot stores them, and a share secret.
 */
import { addMinutes } from '../../src/app/minutes.ts';
import { postponeMeeting } from '../../src/app/postponeMeeting.ts';
import { shareSeries } from '../../src/app/shareSeries.ts';
import { recordPublicUrl } from '../../src/app/shareUrls.ts';
import {
  CHANNEL_ID,
  GUILD_ID,
  local,
  memberId,
  NAMES,
  ORGANISER_ID,
  SEASON_START,
  seasonEvents,
  setUpSeason,
} from '../../src/demo/season.ts';
import type { SimEvent } from '../../src/demo/simulate.ts';
import { isUserError } from '../../src/domain/errors.ts';
import type { Language } from '../../src/domain/model.ts';
import { localDateOf } from '../../src/domain/zoned-time.ts';
import type { Db } from '../../src/store/db.ts';
import { meetingsBetween } from '../../src/store/meetings.ts';
import { saveNames } from '../../src/store/member-names.ts';
import { slotsOfMeeting } from '../../src/store/slots.ts';
import { harness } from './season.ts';

export const PUBLIC_URL = 'https://podium.example.org';
/** When the page is looked at: mid-November, the pause decided, the next meeting postponed. */
export const PAGE_NOW = local('2024-11-15 10:00');
export const UPCOMING_POSTPONE_REASON = 'The room is booked that Thursday';

const organiser = (userId = ORGANISER_ID) => ({
  userId,
  guildId: GUILD_ID,
  channelId: CHANNEL_ID,
  canManage: userId === ORGANISER_ID,
  roleIds: [],
});

/** A summary for each meeting held, written by its first presenter three hours after it started. */
function summaryEvents(db: Db, seriesId: number, until: number): SimEvent[] {
  const events: SimEvent[] = [];
  for (let day = local('2024-08-01 21:00'); day < until; day += 14 * 86_400_000) {
    const planned = day;
    events.push({
      at: planned + 4 * 86_400_000,
      run: async (now) => {
        const meeting = (await meetingsBetween(db, seriesId, planned - 86_400_000, now)).find(
          (m) =>
            m.plannedAt === planned &&
            m.startsAt < now &&
            (m.status === 'scheduled' || m.status === 'postponed'),
        );
        const author = meeting && (await slotsOfMeeting(db, meeting.id))[0]?.userId;
        if (!meeting || !author) return;
        const date = localDateOf(meeting.startsAt, 'Asia/Shanghai');
        try {
          await addMinutes(
            { db, now, actor: organiser(author) },
            {
              meeting: date,
              body: `Notes of ${date}.\n\nWe discussed the talk and the questions after it.\nNext steps agreed.`,
            },
          );
        } catch (error) {
          if (!isUserError(error)) throw error;
        }
      },
    });
  }
  return events;
}

export async function seedCommunitySeason(
  db: Db,
  options: { now?: number; language?: Language } = {},
): Promise<{ seriesId: number; secret: string; pageUrl: string; feedUrl: string; now: number }> {
  const now = options.now ?? PAGE_NOW;
  const seriesId = await setUpSeason(db, options.language ?? 'en');
  const extra: SimEvent = {
    at: local('2024-11-10 09:00'),
    run: async (at) => {
      await postponeMeeting(
        { db, now: at, actor: organiser() },
        { meeting: '2024-11-21', to: '2024-11-24 21:00', reason: UPCOMING_POSTPONE_REASON },
      );
    },
  };
  const h = harness(db, SEASON_START);
  await h.run(now, [...(await seasonEvents(db, seriesId)), ...summaryEvents(db, seriesId, now), extra]);
  await saveNames(db, GUILD_ID, NAMES, now);
  await recordPublicUrl(db, PUBLIC_URL);
  const shared = await shareSeries({ db, now, actor: organiser() }, {});
  const secret = new URL(shared.pageUrl).pathname.split('/')[2]!;
  return { seriesId, secret, pageUrl: shared.pageUrl, feedUrl: shared.feedUrl, now };
}

export { GUILD_ID, memberId, NAMES, ORGANISER_ID };
