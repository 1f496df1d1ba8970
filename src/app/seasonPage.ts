/**
 * What the web shows, read by secret: the season page of a series and the
 * calendar feeds (the series', and a member's own talks). Read-only, no actor:
 * the secret in the URL is the permission.
 */
import { isCancelled, type Meeting, type Pause, type Series } from '../domain/model.ts';
import { localDateOf } from '../domain/zoned-time.ts';
import type { Db } from '../store/db.ts';
import { getMeeting, meetingsAfter, meetingsBetween } from '../store/meetings.ts';
import { talksOfMember } from '../store/member-talks.ts';
import { type Minutes, minutesOfMeeting } from '../store/minutes.ts';
import { pausesBetween } from '../store/pauses.ts';
import { activeRoster } from '../store/roster.ts';
import { getSeries } from '../store/series.ts';
import { memberByFeedToken, seriesIdBySecret } from '../store/shares.ts';
import { dayRange } from './context.ts';
import { currentHalfYear } from './season.ts';
import { SECRET_PATTERN } from './shareUrls.ts';
import { type MeetingView, meetingView } from './views.ts';

/** The page shows upcoming meetings until this many of them are held (cancelled ones in between too). */
export const UPCOMING_HELD = 8;
/** Feeds keep this much of the past, so that subscribed calendars keep the meetings that were held. */
export const FEED_PAST_MS = 183 * 86_400_000;

export interface SeasonPage {
  series: Series;
  /** The season (half-year) of `now`: first and last day, `YYYY-MM-DD`. */
  from: string;
  to: string;
  /** The next meetings, until `UPCOMING_HELD` held ones, cancelled ones among them. */
  upcoming: MeetingView[];
  /** This season's meetings that have started, with their summaries. */
  past: (MeetingView & { minutes: Minutes[] })[];
  /** Pauses of the season and of the upcoming meetings, ended ones included. */
  pauses: Pause[];
  /** Rotation members in order with their group. */
  roster: { userId: string; group: string | null }[];
  /** Everyone the page names. */
  userIds: string[];
}

async function activeSeriesBySecret(db: Db, secret: string): Promise<Series | null> {
  if (!SECRET_PATTERN.test(secret)) return null;
  const id = await seriesIdBySecret(db, secret);
  const series = id === null ? undefined : await getSeries(db, id);
  return series?.active ? series : null;
}

export async function seasonPageBySecret(db: Db, secret: string, now: number): Promise<SeasonPage | null> {
  const series = await activeSeriesBySecret(db, secret);
  return series ? seasonPage(db, series, now) : null;
}

export async function seasonPage(db: Db, series: Series, now: number): Promise<SeasonPage> {
  const zone = series.timeZone;
  const [from, to] = currentHalfYear(now, zone);
  const upcomingMeetings: Meeting[] = [];
  let held = 0;
  for (const m of await meetingsAfter(db, series.id, now)) {
    if (held >= UPCOMING_HELD) break;
    upcomingMeetings.push(m);
    if (!isCancelled(m)) held += 1;
  }
  const upcoming: MeetingView[] = [];
  for (const m of upcomingMeetings) upcoming.push(await meetingView(db, series, m));
  const past: SeasonPage['past'] = [];
  for (const m of await meetingsBetween(db, series.id, dayRange(from, zone)[0], now + 1)) {
    past.push({ ...(await meetingView(db, series, m)), minutes: await minutesOfMeeting(db, m.id) });
  }
  const last = upcomingMeetings.at(-1);
  const pauses = await pausesBetween(db, series.id, from, last ? localDateOf(last.startsAt, zone) : to);
  const roster = (await activeRoster(db, series.id)).map((m) => ({ userId: m.userId, group: m.groupName }));
  const userIds = new Set(roster.map((r) => r.userId));
  for (const v of [...upcoming, ...past]) {
    for (const s of v.slots) if (s.userId) userIds.add(s.userId);
  }
  for (const v of past) for (const m of v.minutes) userIds.add(m.authorId);
  return { series, from, to, upcoming, past, pauses, roster, userIds: [...userIds] };
}

/** A feed before rendering: enough to tell whether it changed (meetings and their versions). */
export interface FeedSource {
  /** The series of every meeting, by id. */
  series: ReadonlyMap<number, Series>;
  meetings: Meeting[];
  guildId: string;
  /** The member whose talks these are, for a member's feed. */
  userId: string | null;
}

/** The series' feed: its meetings of the last half-year and ahead, cancelled ones included. */
export async function seriesFeedBySecret(db: Db, secret: string, now: number): Promise<FeedSource | null> {
  const series = await activeSeriesBySecret(db, secret);
  if (!series) return null;
  return {
    series: new Map([[series.id, series]]),
    meetings: await meetingsAfter(db, series.id, now - FEED_PAST_MS),
    guildId: series.guildId,
    userId: null,
  };
}

/** A member's feed: the meetings where they hold a slot, in every active series of the guild. */
export async function memberFeedByToken(db: Db, token: string, now: number): Promise<FeedSource | null> {
  if (!SECRET_PATTERN.test(token)) return null;
  const member = await memberByFeedToken(db, token);
  if (!member) return null;
  const series = new Map<number, Series>();
  const meetings: Meeting[] = [];
  for (const talk of await talksOfMember(db, member.guildId, member.userId, now - FEED_PAST_MS)) {
    const s = series.get(talk.seriesId) ?? (await getSeries(db, talk.seriesId));
    const m = await getMeeting(db, talk.meetingId);
    if (!s || !m) continue;
    series.set(s.id, s);
    meetings.push(m);
  }
  return { series, meetings, guildId: member.guildId, userId: member.userId };
}

/** The feed's meetings with their slots, for rendering. */
export async function feedViews(db: Db, source: FeedSource): Promise<MeetingView[]> {
  const views: MeetingView[] = [];
  for (const m of source.meetings) {
    const s = source.series.get(m.seriesId);
    if (s) views.push(await meetingView(db, s, m));
  }
  return views;
}
