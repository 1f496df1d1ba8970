/**
 * Labels of the suggestions Discord shows while an option is typed
 * (autocomplete), in the reader's language. Pure.
 */
import type { MeetingView } from '../app/views.ts';
import { isCancelled, type Language } from '../domain/model.ts';
import { t } from '../i18n/catalog.ts';

/** Discord names a suggestion in at most 100 characters. */
const MAX_NAME = 100;

function clip(text: string): string {
  return text.length <= MAX_NAME ? text : `${text.slice(0, MAX_NAME - 1)}…`;
}

/** `2024-08-01 · Ana, Bo`: the local date and the presenters' display names, in the reader's language. */
export function meetingLabel(view: MeetingView, names: ReadonlyMap<string, string>, lang: Language): string {
  const { meeting } = view;
  const status = t(lang, `status.${meeting.status}`);
  if (isCancelled(meeting)) return clip(t(lang, 'choice.meeting.cancelled', { date: view.date, status }));
  const people = [...view.slots]
    .sort((a, b) => a.position - b.position)
    .map((s) => (s.userId === null ? t(lang, 'common.openSlot') : (names.get(s.userId) ?? s.userId)));
  const presenters =
    people.length === 0 ? t(lang, 'common.noPresenters') : people.join(t(lang, 'common.listSeparator'));
  const key = meeting.status === 'postponed' ? 'choice.meeting.postponed' : 'choice.meeting';
  return clip(t(lang, key, { date: view.date, status, presenters }));
}
