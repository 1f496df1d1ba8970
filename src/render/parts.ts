/** Pieces shared by posts and replies: catalog access, times, presenters, links. Pure. */
import type { MeetingView } from '../app/views.ts';
import type { Language, Meeting, Slot } from '../domain/model.ts';
import { type MessageKey, t } from '../i18n/catalog.ts';
import { isSnowflake, mention, safeText, truncateText, ts } from './payload.ts';

/** Longest user text shown inline (after escaping): a 200-character title or reason always fits. */
const SHOWN_TEXT_MAX = 400;

/** User text, made safe and bounded, for inline display. */
export function shownText(userText: string, max = SHOWN_TEXT_MAX): string {
  return truncateText(safeText(userText), max);
}

export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

/** The catalog bound to one language. */
export function translator(lang: Language): Translate {
  return (key, params) => t(lang, key, params);
}

export const COLOR = {
  accent: 0x5865f2,
  success: 0x57f287,
  warning: 0xfee75c,
  danger: 0xed4245,
  muted: 0x95a5a6,
} as const;

/** Full date-time and relative time: `<t:…:F> (<t:…:R>)`. */
export function when(tr: Translate, instantMs: number): string {
  return tr('common.when', { full: ts(instantMs, 'F'), relative: ts(instantMs, 'R') });
}

export function joinList(tr: Translate, items: readonly string[]): string {
  return items.join(tr('common.listSeparator'));
}

export function sortedSlots(view: Pick<MeetingView, 'slots'>): Slot[] {
  return [...view.slots].sort((a, b) => a.position - b.position);
}

/** The users presenting, in slot order (open slots left out). */
export function presenterIds(view: Pick<MeetingView, 'slots'>): string[] {
  return sortedSlots(view).flatMap((s) => (isSnowflake(s.userId) ? [s.userId] : []));
}

export function mentions(ids: readonly string[]): string {
  return ids.filter(isSnowflake).map(mention).join(' ');
}

/** Presenters as mentions, open slots marked; "no presenters yet" when there is no slot. */
export function presenterList(tr: Translate, view: Pick<MeetingView, 'slots'>): string {
  const items = sortedSlots(view).map((s) =>
    isSnowflake(s.userId) ? mention(s.userId) : `*${tr('common.openSlot')}*`,
  );
  return items.length === 0 ? tr('common.noPresenters') : joinList(tr, items);
}

export function titleText(tr: Translate, title: string | null): string {
  return title === null || title.trim() === '' ? `*${tr('common.titleToCome')}*` : `**${shownText(title)}**`;
}

/** `1. <@id> — **Title**`, one per slot. */
export function slotLines(tr: Translate, view: Pick<MeetingView, 'slots'>): string[] {
  return sortedSlots(view).map((s, i) => {
    const who = isSnowflake(s.userId)
      ? tr('common.slotLine', { presenter: mention(s.userId), title: titleText(tr, s.title) })
      : `*${tr('common.openSlot')}*`;
    return `${i + 1}\\. ${who}`;
  });
}

/** How to show a meeting link: a URL as a link (without preview in content), a meeting number as code. */
export function linkText(link: string, inContent: boolean): string {
  if (/^https?:\/\//i.test(link)) {
    try {
      const href = new URL(link).href.replace(/@(everyone|here)/gi, '%40$1');
      return inContent ? `<${href}>` : href;
    } catch {
      // Not a URL after all: shown as a number below.
    }
  }
  return `\`${link.replace(/[`\n\r]/g, '')}\``;
}

export function linkLine(tr: Translate, link: string | null, inContent: boolean): string {
  return link === null ? tr('common.noLink') : tr('common.link', { link: linkText(link, inContent) });
}

export function reasonLine(tr: Translate, reason: string | null | undefined): string | null {
  return reason === null || reason === undefined || reason.trim() === ''
    ? null
    : tr('common.reason', { reason: shownText(reason) });
}

export function statusText(tr: Translate, meeting: Pick<Meeting, 'status'>): string {
  return tr(`status.${meeting.status}`);
}

/** Lines joined; `null`, `undefined` and `false` leave no line, `''` is a blank line (never two in a row, nor at either end). */
export function lines(...parts: (string | null | undefined | false)[]): string {
  const kept = parts.filter((p): p is string => typeof p === 'string');
  const out: string[] = [];
  for (const line of kept) {
    if (line === '' && (out.length === 0 || out.at(-1) === '')) continue;
    out.push(line);
  }
  while (out.at(-1) === '') out.pop();
  return out.join('\n');
}
