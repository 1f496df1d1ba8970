/**
 * The `.ics` file of the upcoming meetings, written with ical-generator: one
 * event per meeting with a UID stable across exports, SEQUENCE = the meeting's
 * version (bumped on every change), cancelled meetings marked CANCELLED, and
 * times in the series' zone with its VTIMEZONE.
 */
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import icalGenerator, { ICalEventStatus } from 'ical-generator';
import type { MeetingView } from '../app/views.ts';
import { isCancelled, type Series } from '../domain/model.ts';
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

export function renderCalendar(
  series: Series,
  views: readonly MeetingView[],
  names: Names,
  stamp: number,
): string {
  const lang = series.language;
  const tr = (key: Parameters<typeof t>[1], params: Record<string, string | number> = {}) =>
    t(lang, key, params);
  const calendar = icalGenerator({
    name: series.name,
    prodId: { company: 'Podium', product: 'Podium', language: lang === 'en' ? 'EN' : 'ZH' },
  });
  calendar.timezone({ name: series.timeZone, generator: getVtimezoneComponent });
  const location = series.link === null ? null : truncateText(plainLocation(series.link), 1000) || null;
  for (const view of views) {
    const { meeting } = view;
    const presenters = sortedSlots(view).flatMap((s) =>
      s.userId ? [`- ${nameOf(names, s.userId)}${s.title ? `: ${s.title}` : ''}`] : [],
    );
    const description = isCancelled(meeting)
      ? [tr('calendar.cancelled', { status: tr(`status.${meeting.status}`) }), meeting.reason ?? '']
          .filter(Boolean)
          .join('\n')
      : [tr('calendar.presenters'), ...presenters, '', tr('calendar.free'), location ?? ''].join('\n').trim();
    calendar.createEvent({
      id: meetingUid(meeting.id),
      sequence: meeting.version,
      // A plain Date would be written in the host's zone; a zoned dayjs is written in the series' zone.
      start: zoned(meeting.startsAt, series.timeZone),
      end: zoned(meeting.startsAt + series.durationMin * 60_000, series.timeZone),
      timezone: series.timeZone,
      stamp: new Date(stamp),
      summary: series.name,
      description,
      // ical-generator escapes commas, semicolons and backslashes in LOCATION.
      ...(location ? { location, url: isUrl(location) ? location : null } : {}),
      status: isCancelled(meeting) ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}
