/** Pieces shared by posts and replies: catalog access, times, presenters, links. Pure. */
import type { MeetingView } from '../app/views.ts';
import type { Language, Meeting, Slot } from '../domain/model.ts';
import { isUrl } from '../domain/user-input.ts';
import { type MessageKey, t } from '../i18n/catalog.ts';
import { isSnowflake, mention, safeText, truncateText, ts, ZWSP } from './payload.ts';

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

/** Longest location shown (a stored one is at most 200 characters; an older, longer one is cut). */
const LOCATION_SHOWN_MAX = 200;

/**
 * Location text as inline code: shown exactly as written (no markdown, no
 * mention, no emoji inside code), on one line, bounded. Backticks, which would
 * end the code span, become a look-alike; `@` and `<` are defused as well.
 */
export function codeText(text: string, max = LOCATION_SHOWN_MAX): string {
  const oneLine = text
    .replace(/[\r\n\u2028\u2029\t\v\f]+/g, ' ')
    .replace(/(?!\u200d)[\p{Cc}\p{Cf}]/gu, '')
    .replace(/`/g, '\u02cb')
    .replace(/@/g, `@${ZWSP}`)
    .replace(/</g, `<${ZWSP}`)
    .trim();
  return `\`${truncateText(oneLine, max) || '?'}\``;
}

/**
 * How to show a meeting location: a URL as a link (without preview in
 * content), anything else (a meeting number and passcode, say) as inline code.
 */
export function locationText(location: string, inContent: boolean): string {
  if (isUrl(location)) {
    const href = new URL(location).href.replace(/@(everyone|here)/gi, '%40$1');
    if (href.length <= 512) return inContent ? `<${href}>` : href;
  }
  return codeText(location);
}

/** `🔗 Link: <url>`, `📍 Where: `腾讯会议 586-9766-3285``, or how to set one. */
export function locationLine(tr: Translate, location: string | null, inContent: boolean): string {
  if (location === null) return tr('common.noLink');
  return isUrl(location)
    ? tr('common.link', { link: locationText(location, inContent) })
    : tr('common.location', { location: locationText(location, inContent) });
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
