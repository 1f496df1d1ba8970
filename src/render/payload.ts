/**
 * The message payload every post and reply is built as, the helpers that
 * write Discord's inline tokens, and the one place that holds a payload to
 * Discord's size limits. Pure: no I/O, no clock.
 */
import {
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APIEmbedField,
  ComponentType,
} from 'discord-api-types/v10';

/**
 * One message: content, embeds, buttons and the mentions allowed to ping.
 * Plain JSON. For discord.js pass `{ ...payload, allowedMentions: { parse: [], users, roles } }`
 * (the same shape); for REST map `allowedMentions` to `allowed_mentions`.
 */
export interface MessagePayload {
  content: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIComponentInMessageActionRow>[];
  /** `parse` is always empty: only the users and roles listed here can be pinged. */
  allowedMentions: { parse: []; users: string[]; roles: string[] };
}

/** Discord's documented limits on a message (characters are counted as UTF-16 units, which never undercounts). */
export const LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  embedTotal: 6000,
  actionRows: 5,
  componentsPerRow: 5,
  buttonLabel: 80,
  allowedIds: 100,
} as const;

export const ELLIPSIS = '…';
/** Zero-width space: breaks a token without showing anything. Also a field name that shows nothing. */
export const ZWSP = '\u200b';

export type TimestampStyle = 'F' | 'f' | 'R' | 'D' | 'd' | 't' | 'T';

/** A Discord timestamp (`<t:unix:F>`), shown to each reader in their own timezone. */
export function ts(instantMs: number, style: TimestampStyle): string {
  return `<t:${Math.floor(instantMs / 1000)}:${style}>`;
}

export function mention(userId: string): string {
  return `<@${userId}>`;
}

export function roleMention(roleId: string): string {
  return `<@&${roleId}>`;
}

export function channelMention(channelId: string): string {
  return `<#${channelId}>`;
}

/** Whether a string looks like a Discord id (a snowflake), so it can be mentioned. */
export function isSnowflake(value: unknown): value is string {
  return typeof value === 'string' && /^\d{1,25}$/.test(value);
}

/**
 * User-supplied text made safe to show inline: one line; markdown escaped so it
 * cannot restyle or break the message around it; `@everyone`, `@here` and every
 * mention token (`<@id>`, `<@!id>`, `<@&id>`, `<#id>`, and any other `<…>` token)
 * broken by a zero-width space, so it cannot ping even if allowedMentions were wrong.
 */
export function safeText(userText: string): string {
  const oneLine = userText
    .replace(/[\r\n\u2028\u2029\t]+/g, ' ')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim();
  const escaped = oneLine
    // Inline markdown: emphasis, code, strikethrough, spoilers, masked links, escapes.
    .replace(/[\\*_~`|[\]]/g, '\\$&')
    // Block markdown only matters at the start of a line: headings, quotes, lists.
    .replace(/^([#>\-+])/, '\\$1')
    .replace(/^(\d+)\./, '$1\\.');
  return escaped.replace(/@/g, `@${ZWSP}`).replace(/</g, `<${ZWSP}`);
}

/**
 * Longer user text shown as written (lines and markdown kept, e.g. a meeting
 * summary), with mentions and control characters defused.
 */
export function safeMultiline(userText: string): string {
  return (
    userText
      .replace(/\r\n?/g, '\n')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
      .replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, '')
      .trim()
      .replace(/@/g, `@${ZWSP}`)
      .replace(/</g, `<${ZWSP}`)
  );
}

// ---------------------------------------------------------------------------
// Truncation

/** Tokens that must never be cut in half: mentions, channels, timestamps, emoji, command mentions, masked links. */
const TOKEN =
  /<(?:@[!&]?\d+|#\d+|t:-?\d+(?::[a-zA-Z])?|a?:\w+:\d+|\/[^<>\n]+:\d+)>|\[[^\]\n]*\]\([^)\s]*\)|https?:\/\/\S+/g;

/** Made on the first cut: ICU's break rules cost a few hundred KB, and most posts are never cut. */
let segmenter: Intl.Segmenter | undefined;

/** The largest grapheme boundary at or before `cut` (never splits a surrogate pair or an emoji sequence). */
function graphemeBoundary(text: string, cut: number): number {
  const from = Math.max(0, cut - 64);
  let best = from;
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  for (const { index } of segmenter.segment(text.slice(from, Math.min(text.length, cut + 64)))) {
    if (from + index > cut) break;
    best = from + index;
  }
  // Only trust the window's start when it is itself a safe place.
  if (best === from && from > 0 && isLowSurrogate(text.charCodeAt(from))) best = from - 1;
  return best;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Moves `cut` back before any token it would split, and to a nearby space if there is one. */
function safeCut(text: string, cut: number): number {
  let at = graphemeBoundary(text, cut);
  for (const m of text.matchAll(TOKEN)) {
    const start = m.index;
    if (start >= at) break;
    if (start + m[0].length > at) at = start;
  }
  const space = text.lastIndexOf(' ', at);
  if (space > 0 && at - space <= 24 && at < text.length && text[at] !== ' ') at = space;
  return at;
}

/** Drops a trailing unpaired backslash, which would otherwise escape what follows. */
function dropDanglingEscape(text: string): string {
  const run = /\\+$/.exec(text)?.[0].length ?? 0;
  return run % 2 === 1 ? text.slice(0, -1) : text;
}

/**
 * `text` cut to at most `max` characters, ending with `…` when cut. Whole
 * trailing lines are dropped when that keeps at least half the room; otherwise
 * the line is cut at a grapheme boundary, never inside a mention, timestamp or link.
 */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  if (max <= ELLIPSIS.length) return ELLIPSIS.slice(0, max);
  const room = max - ELLIPSIS.length;
  const lineEnd = text.lastIndexOf('\n', room - 1);
  if (lineEnd > 0 && lineEnd >= room / 2) {
    return `${dropDanglingEscape(text.slice(0, lineEnd).trimEnd())}\n${ELLIPSIS}`;
  }
  const cut = safeCut(text, room);
  return `${dropDanglingEscape(text.slice(0, cut).trimEnd())}${ELLIPSIS}`;
}

// ---------------------------------------------------------------------------
// Fitting a whole payload

/** Characters of an embed that count towards Discord's 6000 total. */
export function embedTextLength(e: APIEmbed): number {
  return (
    (e.title?.length ?? 0) +
    (e.description?.length ?? 0) +
    (e.footer?.text.length ?? 0) +
    (e.author?.name.length ?? 0) +
    (e.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0)
  );
}

function fitField(f: APIEmbedField): APIEmbedField {
  const field: APIEmbedField = {
    name: truncateText(f.name, LIMITS.fieldName) || ZWSP,
    value: truncateText(f.value, LIMITS.fieldValue) || ZWSP,
  };
  if (f.inline !== undefined) field.inline = f.inline;
  return field;
}

function fitEmbed(e: APIEmbed): APIEmbed {
  const out: APIEmbed = { ...e };
  if (e.title !== undefined) out.title = truncateText(e.title, LIMITS.embedTitle);
  if (e.description !== undefined) out.description = truncateText(e.description, LIMITS.embedDescription);
  if (e.footer !== undefined) out.footer = { ...e.footer, text: truncateText(e.footer.text, LIMITS.footer) };
  if (e.author !== undefined) out.author = { ...e.author, name: truncateText(e.author.name, LIMITS.author) };
  if (e.fields !== undefined) {
    const fields = e.fields.map(fitField);
    out.fields =
      fields.length > LIMITS.fields
        ? [...fields.slice(0, LIMITS.fields - 1), { name: ELLIPSIS, value: ELLIPSIS }]
        : fields;
  }
  return out;
}

/** Brings the embeds' combined text within 6000: long descriptions shrink first, then trailing fields go, then the rest is cut. */
function fitTotal(embeds: APIEmbed[]): void {
  const total = () => embeds.reduce((sum, e) => sum + embedTextLength(e), 0);
  const marked = new Set<APIEmbed>();
  let excess = total() - LIMITS.embedTotal;
  while (excess > 0) {
    const longest = embeds.reduce<APIEmbed | undefined>(
      (best, e) => ((e.description?.length ?? 0) > (best?.description?.length ?? 0) ? e : best),
      undefined,
    );
    const withFields = embeds.findLast((e) => (e.fields?.length ?? 0) > 0);
    if (longest?.description !== undefined && longest.description.length > LIMITS.fieldValue) {
      longest.description = truncateText(
        longest.description,
        Math.max(LIMITS.fieldValue, longest.description.length - excess),
      );
    } else if (withFields?.fields !== undefined) {
      withFields.fields = withFields.fields.slice(0, -1);
      if (!marked.has(withFields) && (withFields.footer?.text.length ?? 0) < LIMITS.footer - 2) {
        marked.add(withFields);
        withFields.footer = {
          ...(withFields.footer ?? {}),
          text: `${withFields.footer?.text ?? ''} ${ELLIPSIS}`.trim(),
        };
      }
    } else {
      // Only short texts are left: cut each, last embed first.
      for (const e of [...embeds].reverse()) {
        for (const key of ['description', 'title'] as const) {
          const text = e[key];
          if (excess > 0 && text !== undefined && text.length > 0) {
            const cut = truncateText(text, Math.max(0, text.length - excess));
            e[key] = cut;
            excess -= text.length - cut.length;
          }
        }
        if (excess > 0 && e.footer !== undefined) e.footer = { ...e.footer, text: '' };
        if (excess > 0 && e.author !== undefined) e.author = { ...e.author, name: '' };
        excess = total() - LIMITS.embedTotal;
      }
      if (excess > 0) embeds.splice(0, embeds.length);
    }
    excess = total() - LIMITS.embedTotal;
  }
}

function fitComponents(
  rows: APIActionRowComponent<APIComponentInMessageActionRow>[],
): APIActionRowComponent<APIComponentInMessageActionRow>[] {
  return rows.slice(0, LIMITS.actionRows).map((row) => ({
    ...row,
    components: row.components
      .slice(0, LIMITS.componentsPerRow)
      .map((c) =>
        c.type === ComponentType.Button && 'label' in c && c.label !== undefined
          ? { ...c, label: truncateText(c.label, LIMITS.buttonLabel) }
          : c,
      ),
  }));
}

function uniqueIds(ids: readonly string[]): string[] {
  return [...new Set(ids.filter(isSnowflake))].slice(0, LIMITS.allowedIds);
}

/**
 * The payload within every Discord limit: content 2000; per embed title 256,
 * description 4096, 25 fields (name 256, value 1024), footer 2048, author 256;
 * all embeds together 6000; 10 embeds; 5 rows of 5 buttons. Cuts end with `…`.
 * Mentions: `parse` forced empty, ids deduplicated.
 */
export function fitToDiscordLimits(payload: MessagePayload): MessagePayload {
  const embeds = payload.embeds.slice(0, LIMITS.embeds).map(fitEmbed);
  fitTotal(embeds);
  return {
    content: truncateText(payload.content, LIMITS.content),
    embeds,
    components: fitComponents(payload.components),
    allowedMentions: {
      parse: [],
      users: uniqueIds(payload.allowedMentions.users),
      roles: uniqueIds(payload.allowedMentions.roles),
    },
  };
}

/** A payload from its parts, fitted. Pings exactly `users` and `roles`. */
export function payload(parts: {
  content?: string;
  embeds?: APIEmbed[];
  components?: APIActionRowComponent<APIComponentInMessageActionRow>[];
  users?: readonly string[];
  roles?: readonly string[];
}): MessagePayload {
  return fitToDiscordLimits({
    content: parts.content ?? '',
    embeds: parts.embeds ?? [],
    components: parts.components ?? [],
    allowedMentions: { parse: [], users: [...(parts.users ?? [])], roles: [...(parts.roles ?? [])] },
  });
}

// ---------------------------------------------------------------------------
// Long lists

/**
 * Lays `lines` out in an embed: the description first, then continuation
 * fields (with an invisible name), within `budget` characters of embed text
 * and every per-part limit. When lines do not fit, the last part ends with
 * `more(n)`, n being how many were left out.
 */
export function packLines(
  lines: readonly string[],
  budget: number,
  more: (left: number) => string,
): { description: string; fields: APIEmbedField[] } {
  const reserve = more(lines.length).length + 1;
  const parts: string[] = [''];
  const capOf = (i: number) => (i === 0 ? LIMITS.embedDescription : LIMITS.fieldValue) - reserve;
  // Embed text used: the description, and each field's value plus its one-character name.
  let used = reserve;
  let placed = 0;
  for (const raw of lines) {
    const line = truncateText(raw, LIMITS.fieldValue - reserve);
    let i = parts.length - 1;
    const current = parts[i] ?? '';
    const sep = current === '' ? 0 : 1;
    if (current.length + sep + line.length <= capOf(i) && used + sep + line.length <= budget) {
      parts[i] = current === '' ? line : `${current}\n${line}`;
      used += sep + line.length;
    } else {
      if (parts.length > LIMITS.fields || used + ZWSP.length + line.length > budget) break;
      parts.push(line);
      i += 1;
      used += ZWSP.length + line.length;
    }
    placed += 1;
  }
  const left = lines.length - placed;
  if (left > 0) {
    const last = parts.length - 1;
    parts[last] = parts[last] === '' ? more(left) : `${parts[last]}\n${more(left)}`;
  }
  const [description = '', ...rest] = parts;
  return { description, fields: rest.map((value) => ({ name: ZWSP, value })) };
}
