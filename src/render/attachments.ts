/**
 * Replies that come with a file: the season export, the calendar, a long
 * announcement draft. Pure, in the reader's language; they ping nobody.
 */
import type { SeasonData } from '../app/season.ts';
import type { MeetingView } from '../app/views.ts';
import type { Language, Series } from '../domain/model.ts';
import { lines, shownText, translator } from './parts.ts';
import { LIMITS, type MessagePayload, payload, ZWSP } from './payload.ts';

/** A file sent with a reply: an export, a calendar, a long draft. */
export interface FileAttachment {
  name: string;
  data: string;
}

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
