/**
 * Replies of `/minutes` (a summary saved, a meeting's summaries) and the texts
 * of the summary form, in the reader's language. Pure. They ping nobody: mentions are shown,
 * `allowedMentions.users` stays empty.
 */
import type { MinutesFormTarget } from '../app/minutesForm.ts';
import type { MeetingView } from '../app/views.ts';
import type { Language } from '../domain/model.ts';
import { t } from '../i18n/catalog.ts';
import type { Minutes } from '../store/minutes.ts';
import { type Names, nameOf } from './announcement.ts';
import { COLOR, lines, shownText, slotLines, sortedSlots, translator } from './parts.ts';
import {
  channelMention,
  LIMITS,
  type MessagePayload,
  mention,
  payload,
  safeMultiline,
  truncateText,
  ts,
  ZWSP,
} from './payload.ts';

/**
 * A summary saved: through the form of `/minutes add` or the follow-up's button
 * (`posted`: the channel gets it from the outbox), or edited by `/minutes edit`.
 */
export function renderMinutesSaved(
  result: { view: MeetingView; minutes: Minutes; created: boolean },
  posted: boolean,
  lang: Language,
): MessagePayload {
  const tr = translator(lang);
  const { view, minutes } = result;
  const params = {
    date: view.date,
    channel: channelMention(view.series.channelId),
    user: mention(minutes.authorId),
  };
  if (!posted) return payload({ content: tr('reply.minutes.edited', params) });
  return payload({ content: tr(result.created ? 'reply.minutes.added' : 'reply.minutes.updated', params) });
}

/** `/minutes show`: the meeting's talks, then one embed per summary (markdown kept, mentions defused). */
export function renderMinutesList(
  result: { view: MeetingView; minutes: readonly Minutes[] },
  lang: Language,
): MessagePayload {
  const tr = translator(lang);
  const { view, minutes } = result;
  const title = tr('reply.minutes.title', { series: shownText(view.series.name), date: view.date });
  const room = LIMITS.embeds - 1;
  const shown = minutes.slice(0, room);
  const left = minutes.length - shown.length;
  const head = lines(
    ...slotLines(tr, view),
    minutes.length === 0 && '',
    minutes.length === 0 && tr('reply.minutes.none'),
    left > 0 && '',
    left > 0 && tr('reply.minutes.more', { count: left }),
  );
  return payload({
    embeds: [
      { title, description: head || ZWSP, color: minutes.length === 0 ? COLOR.muted : COLOR.accent },
      ...shown.map((m) => ({
        description: lines(
          tr('reply.minutes.by', { user: mention(m.authorId), at: ts(m.updatedAt, 'f') }),
          '',
          safeMultiline(m.body),
        ),
        color: COLOR.accent,
      })),
    ],
  });
}

// ---------------------------------------------------------------------------
// The summary form

/** Discord's limit on a form label's description. */
const FORM_LABEL_DESCRIPTION_MAX = 100;

/** The meeting's talks in one line, for the summary form: `Ana: Title · Bo: title to come`. */
export function minutesFormTalks(target: MinutesFormTarget, names: Names, lang: Language): string | null {
  const talks = sortedSlots(target.view).flatMap((s) =>
    s.userId === null
      ? []
      : [
          t(lang, 'common.slotLine', {
            presenter: nameOf(names, s.userId),
            title: (s.title ?? t(lang, 'common.titleToCome')).replace(/\s+/g, ' '),
          }),
        ],
  );
  if (talks.length === 0) return null;
  return truncateText(
    t(lang, 'form.minutes.talks', { talks: talks.join(' · ') }),
    FORM_LABEL_DESCRIPTION_MAX,
  );
}

/** A new summary (the form's prefilled text) starts as a short template: the talks, then room for notes. */
export function minutesTemplate(target: MinutesFormTarget, names: Names, lang: Language): string {
  const talks = sortedSlots(target.view).flatMap((s, i) =>
    s.userId === null
      ? []
      : [
          t(lang, 'form.minutes.talk', {
            n: i + 1,
            name: nameOf(names, s.userId),
            title: (s.title ?? t(lang, 'common.titleToCome')).replace(/\s+/g, ' '),
          }),
        ],
  );
  return [...talks, ...(talks.length > 0 ? [''] : []), t(lang, 'form.minutes.notes'), ''].join('\n');
}
