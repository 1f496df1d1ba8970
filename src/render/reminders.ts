/**
 * `/meeting reminders`: each reminder kind and when it goes out, in the
 * reader's language. Pure; pings nobody.
 */
import type { Language, ReminderOffsets, Series } from '../domain/model.ts';
import { lines, shownText, type Translate, translator } from './parts.ts';
import { type MessagePayload, payload } from './payload.ts';

/** Minutes as the shortest whole unit: `2d`, `36h`, `90m` (or their translation). */
export function durationText(tr: Translate, minutes: number): string {
  if (minutes % (24 * 60) === 0) return tr('duration.days', { n: minutes / (24 * 60) });
  if (minutes % 60 === 0) return tr('duration.hours', { n: minutes / 60 });
  return tr('duration.minutes', { n: minutes });
}

function offsetText(tr: Translate, offset: number | null): string {
  if (offset === null) return tr('reminders.off');
  return offset >= 0
    ? tr('reminders.before', { duration: durationText(tr, offset) })
    : tr('reminders.after', { duration: durationText(tr, -offset) });
}

const REMINDER_ROWS = [
  ['titleRequest', 'kind.title_request'],
  ['titleNudge', 'kind.title_nudge'],
  ['agenda', 'kind.agenda'],
  ['followUp', 'kind.follow_up'],
] as const satisfies readonly (readonly [keyof ReminderOffsets, string])[];

/** `/meeting reminders`: each reminder and when it goes out; `changed` when the command just set them. */
export function renderReminders(series: Series, changed: boolean, lang: Language): MessagePayload {
  const tr = translator(lang);
  return payload({
    content: lines(
      tr('reply.reminders.title', { series: shownText(series.name) }),
      ...REMINDER_ROWS.map(([field, kind]) =>
        tr('reply.reminders.line', { kind: tr(kind), when: offsetText(tr, series.offsets[field]) }),
      ),
      '',
      changed ? tr('reply.reminders.changed') : tr('reply.reminders.howTo'),
    ),
  });
}
