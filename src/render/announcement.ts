/**
 * The announcement draft: plain text to paste into a newsletter or a social
 * post, in the series' language. Outside Discord, so local times are written
 * out and people are named, not mentioned.
 */
import type { MeetingView } from '../app/views.ts';
import { isCancelled } from '../domain/model.ts';
import { t } from '../i18n/catalog.ts';
import { longDateTime } from './local-time.ts';
import { sortedSlots } from './parts.ts';
import { truncateText } from './payload.ts';

export type Names = ReadonlyMap<string, string>;

export function nameOf(names: Names, userId: string): string {
  return names.get(userId) ?? `<@${userId}>`;
}

/** Plain-text one-liner of user text for the outside world: single line, trimmed. */
function plain(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function renderAnnouncement(view: MeetingView, names: Names): { text: string; missingTitles: number } {
  const { series, meeting } = view;
  const lang = series.language;
  const tr = (key: Parameters<typeof t>[1], params: Record<string, string | number> = {}) =>
    t(lang, key, params);
  const lines = [
    tr('announce.head', {
      series: plain(series.name),
      when: longDateTime(meeting.startsAt, series.timeZone, lang),
      zone: series.timeZone,
    }),
  ];
  if (isCancelled(meeting)) {
    lines.push(tr('announce.cancelled', { status: tr(`status.${meeting.status}`) }));
    return { text: lines.join('\n'), missingTitles: 0 };
  }
  lines.push(
    series.link
      ? tr('announce.link', { link: truncateText(plain(series.link), 300) })
      : tr('announce.noLink'),
    '',
    tr('announce.talks'),
  );
  let missing = 0;
  sortedSlots(view).forEach((slot, i) => {
    if (slot.userId === null) {
      lines.push(tr('announce.open', { n: i + 1 }));
      return;
    }
    if (slot.title === null) missing += 1;
    lines.push(
      tr('announce.talk', {
        n: i + 1,
        name: nameOf(names, slot.userId),
        title: slot.title === null ? tr('announce.missingTitle') : plain(slot.title),
      }),
    );
  });
  lines.push('', tr('announce.discussion'));
  if (missing > 0) lines.push('', tr('announce.missingNote', { count: missing }));
  return { text: lines.join('\n'), missingTitles: missing };
}
