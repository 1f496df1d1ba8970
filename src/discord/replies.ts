/**
 * Replies of the summary, export, announcement, calendar and reminder
 * commands, in the reader's language. Pure, like `src/render/replies.ts`
 * (their natural home; kept beside the commands that use them). They ping
 * nobody: mentions are shown, `allowedMentions.users` stays empty.
 */
import type { SeasonData } from '../app/season.ts';
import type { MeetingView } from '../app/views.ts';
import type { Language, ReminderOffsets, Series } from '../domain/model.ts';
import { COLOR, lines, shownText, slotLines, type Translate, translator } from '../render/parts.ts';
import {
  channelMention,
  LIMITS,
  type MessagePayload,
  mention,
  payload,
  safeMultiline,
  ts,
  ZWSP,
} from '../render/payload.ts';
import type { Minutes } from '../store/minutes.ts';
import type { FileAttachment } from './answer.ts';

// ---------------------------------------------------------------------------
// Summaries

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
// Files: season export, calendar, announcement draft

/** A name made safe for a file name: lower-case ASCII letters, digits and dashes; `fallback` if nothing is left. */
export function fileSlug(name: string, fallback: string): string {
  const slug = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return slug === '' ? fallback : slug;
}

function seriesSlug(series: Series): string {
  return fileSlug(series.name, `series-${series.id}`);
}

/** `/season export`: a short summary, with the Markdown page attached. */
export function renderSeasonExported(
  season: SeasonData,
  markdown: string,
  lang: Language,
): { payload: MessagePayload; file: FileAttachment } {
  const tr = translator(lang);
  const summaries = season.meetings.reduce((n, m) => n + m.minutes.length, 0);
  return {
    payload: payload({
      content: tr('reply.season.exported', {
        series: shownText(season.series.name),
        from: season.from,
        to: season.to,
        meetings: season.meetings.length,
        summaries,
      }),
    }),
    file: { name: `season-${seriesSlug(season.series)}-${season.from}-${season.to}.md`, data: markdown },
  };
}

/** `/meeting calendar`: a short note, with the `.ics` file attached. */
export function renderCalendarReply(
  series: Series,
  views: readonly MeetingView[],
  ics: string,
  lang: Language,
): { payload: MessagePayload; file: FileAttachment } {
  const tr = translator(lang);
  return {
    payload: payload({
      content: tr('reply.calendar', { series: shownText(series.name), count: views.length }),
    }),
    file: { name: `${seriesSlug(series)}.ics`, data: ics },
  };
}

/** Text inside a code block: a run of backticks cannot close it early. */
function inCodeBlock(text: string): string {
  return `\`\`\`\n${text.replace(/`(?=`)/g, `\`${ZWSP}`)}\n\`\`\``;
}

/**
 * `/announce draft`: the text ready to paste, in a code block (copied exactly
 * as written, no markdown applied), missing titles flagged in the reader's
 * language. Too long for one message, it comes as a text file instead.
 */
export function renderAnnounceDraft(
  view: MeetingView,
  draft: { text: string; missingTitles: number },
  lang: Language,
): { payload: MessagePayload; file: FileAttachment | null } {
  const tr = translator(lang);
  const head = tr('reply.announce.head', {
    series: shownText(view.series.name),
    date: view.date,
    language: tr(view.series.language === 'zh-CN' ? 'language.zh-CN' : 'language.en'),
  });
  const missing = draft.missingTitles > 0 && tr('reply.announce.missing', { count: draft.missingTitles });
  const inline = lines(head, missing, inCodeBlock(draft.text));
  if (inline.length <= LIMITS.content) return { payload: payload({ content: inline }), file: null };
  return {
    payload: payload({ content: lines(head, missing, tr('reply.announce.file')) }),
    file: { name: `announcement-${seriesSlug(view.series)}-${view.date}.txt`, data: draft.text },
  };
}

// ---------------------------------------------------------------------------
// Reminders

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
