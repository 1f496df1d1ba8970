/**
 * Calendars, written with ical-generator: the `.ics` file of `/meeting
 * calendar`, the series' feed and a member's feed of their own talks. One
 * event per meeting with a UID stable across exports, SEQUENCE = the
 * meeting's version (bumped on every change), cancelled meetings marked
 * CANCELLED, the location and the presenters in the description, and times
 * in the series' zone with its VTIMEZONE.
 */
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import icalGenerator, { type ICalCalendar, ICalEventStatus } from 'ical-generator';
import type { MeetingView } from '../app/views.ts';
import { isCancelled, type Language, type Series } from '../domain/model.ts';
import { isUrl } from '../domain/user-input.ts';
import { t } from '../i18n/catalog.ts';
import { type Names, nameOf } from './announcement.ts';
import { plainLocation } from './event.ts';
import { zoned } from './local-time.ts';
import { sortedSlots } from './parts.ts';
import { truncateText } from './payload.ts';

export function meetingUid(meetingId: number): string {
  return `podium-meeting-${meetingId}@podium.bot`;
}

/** The UID of a member's talk: its own, so that the series' feed and the member's can both be subscribed. */
export function talkUid(meetingId: number, userId: string): string {
  return `podium-talk-${meetingId}-${userId}@podium.bot`;
}

/** Polling interval suggested to subscribed calendar apps. */
const FEED_TTL_S = 3600;

function newCalendar(name: string, lang: Language, ttl: boolean): ICalCalendar {
  return icalGenerator({
    name,
    prodId: { company: 'Podium', product: 'Podium', language: lang === 'en' ? 'EN' : 'ZH' },
    ...(ttl ? { ttl: FEED_TTL_S } : {}),
  });
}

function addMeeting(
  calendar: ICalCalendar,
  view: MeetingView,
  names: Names,
  stamp: number,
  event: { id: string; summary: string; utc?: boolean },
): void {
  const { meeting, series } = view;
  const tr = (key: Parameters<typeof t>[1], params: Record<string, string | number> = {}) =>
    t(series.language, key, params);
  const presenters = sortedSlots(view).flatMap((s) =>
    s.userId ? [`- ${nameOf(names, s.userId)}${s.title ? `: ${s.title}` : ''}`] : [],
  );
  // One line, no control or format characters, bounded: as the scheduled events show it.
  const location = series.link === null ? null : truncateText(plainLocation(series.link), 1000) || null;
  const where = location ? tr('calendar.where', { location }) : '';
  const description = isCancelled(meeting)
    ? [tr('calendar.cancelled', { status: tr(`status.${meeting.status}`) }), meeting.reason ?? '']
        .filter(Boolean)
        .join('\n')
    : [tr('calendar.presenters'), ...presenters, '', tr('calendar.free'), where].join('\n').trim();
  calendar.createEvent({
    id: event.id,
    sequence: meeting.version,
    ...(event.utc
      ? { start: new Date(meeting.startsAt), end: new Date(meeting.startsAt + series.durationMin * 60_000) }
      : {
          // A plain Date would be written in the host's zone; a zoned dayjs is written in the series' zone.
          start: zoned(meeting.startsAt, series.timeZone),
          end: zoned(meeting.startsAt + series.durationMin * 60_000, series.timeZone),
          timezone: series.timeZone,
        }),
    stamp: new Date(stamp),
    summary: event.summary,
    description,
    // ical-generator escapes commas, semicolons and backslashes in LOCATION.
    ...(location ? { location, url: isUrl(location) ? location : null } : {}),
    status: isCancelled(meeting) ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  });
}

/**
 * The meetings of one series: the `/meeting calendar` file, and with
 * `feed` the subscribed feed (which suggests how often to poll).
 */
export function renderCalendar(
  series: Series,
  views: readonly MeetingView[],
  names: Names,
  stamp: number,
  options: { feed?: boolean } = {},
): string {
  const calendar = newCalendar(series.name, series.language, options.feed === true);
  calendar.timezone({ name: series.timeZone, generator: getVtimezoneComponent });
  for (const view of views) {
    addMeeting(calendar, view, names, stamp, { id: meetingUid(view.meeting.id), summary: series.name });
  }
  return calendar.toString();
}

/** A member's own talks, across the series of a guild, as a subscribed feed. */
export function renderMemberCalendar(
  userId: string,
  views: readonly MeetingView[],
  names: Names,
  stamp: number,
  lang: Language,
): string {
  const calendar = newCalendar(`Podium: ${nameOf(names, userId)}`, lang, true);
  // ical-generator writes one VTIMEZONE per calendar: talks in series of several zones are written in UTC.
  const zones = new Set(views.map((v) => v.series.timeZone));
  const utc = zones.size > 1;
  if (zones.size === 1) calendar.timezone({ name: [...zones][0]!, generator: getVtimezoneComponent });
  for (const view of views) {
    const summary = t(view.series.language, 'calendar.talk', { series: view.series.name });
    addMeeting(calendar, view, names, stamp, { id: talkUid(view.meeting.id, userId), summary, utc });
  }
  return calendar.toString();
}
