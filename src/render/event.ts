import type { MeetingView } from '../app/views.ts';
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

export function renderEvent(view: MeetingView, names: Names): EventFields {
  const { series, meeting } = view;
  const lang = series.language;
  const talks = sortedSlots(view).flatMap((s) =>
    s.userId
      ? [`• ${nameOf(names, s.userId)}: ${s.title?.replace(/\s+/g, ' ') ?? t(lang, 'announce.missingTitle')}`]
      : [],
  );
  return {
    name: truncateText(series.name, 100),
    location: truncateText(series.link ?? series.name, 100),
    description: truncateText(
      [t(lang, 'calendar.presenters'), ...talks, '', t(lang, 'calendar.free')].join('\n'),
      1000,
    ),
    startsAt: meeting.startsAt,
    endsAt: meeting.startsAt + series.durationMin * 60_000,
  };
}
