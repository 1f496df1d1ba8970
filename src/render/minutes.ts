/**
 * Replies of `/minutes`: a summary saved, and a meeting's summaries, in the
 * reader's language. Pure. They ping nobody: mentions are shown,
 * `allowedMentions.users` stays empty.
 */
import type { MeetingView } from '../app/views.ts';
import type { Language } from '../domain/model.ts';
import type { Minutes } from '../store/minutes.ts';
import { COLOR, lines, shownText, slotLines, translator } from './parts.ts';
import {
  channelMention,
  LIMITS,
  type MessagePayload,
  mention,
  payload,
  safeMultiline,
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
