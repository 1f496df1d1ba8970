import type { MeetingView } from '../app/views.ts';
import { isUrl } from '../domain/user-input.ts';
import { t } from '../i18n/catalog.ts';
import { type Names, nameOf } from './announcement.ts';
import { sortedSlots } from './parts.ts';
import { truncateText } from './payload.ts';

/** A Discord scheduled event for a meeting: name, location, description (within Discord's limits), times. */
export interface EventFields {
  name: string;
  location: string;
  description: string;
  startsAt: number;
  endsAt: number;
}

/** Discord's limit on `entity_metadata.location`. */
const EVENT_LOCATION_MAX = 100;

/** A location as plain text on one line: the Events tab shows it as written (links stay clickable). */
export function plainLocation(location: string): string {
  return location
    .replace(/(?!\u200d)[\p{Cc}\p{Cf}\u2028\u2029]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function renderEvent(view: MeetingView, names: Names): EventFields {
  const { series, meeting } = view;
  const lang = series.language;
  const talks = sortedSlots(view).flatMap((s) =>
    s.userId
      ? [`• ${nameOf(names, s.userId)}: ${s.title?.replace(/\s+/g, ' ') ?? t(lang, 'announce.missingTitle')}`]
      : [],
  );
  const location = plainLocation(series.link ?? series.name);
  // Discord holds an external event's location to 100 characters: a longer one
  // is cut there, and given in full at the top of the description.
  const fits = location.length <= EVENT_LOCATION_MAX;
  return {
    name: truncateText(series.name, 100),
    location:
      fits || !isUrl(location) ? truncateText(location, EVENT_LOCATION_MAX) : truncateText(series.name, 100),
    description: truncateText(
      [
        ...(fits ? [] : [truncateText(location, 300), '']),
        t(lang, 'calendar.presenters'),
        ...talks,
        '',
        t(lang, 'calendar.free'),
      ].join('\n'),
      1000,
    ),
    startsAt: meeting.startsAt,
    endsAt: meeting.startsAt + series.durationMin * 60_000,
  };
}
