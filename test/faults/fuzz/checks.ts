/**
 * What every answer of the bot must satisfy whatever a member typed: the
 * REST bodies that carry a message, and what makes a reply an error.
 */
import { InteractionResponseType } from 'discord-api-types/v10';
import { en } from '../../../src/i18n/en.ts';
import { zhCN } from '../../../src/i18n/zh-CN.ts';
import type { RecordedRequest } from '../../fake-discord/server.ts';

/** A message create/edit body, and where it was sent. */
export interface SentBody {
  where: string;
  body: Record<string, unknown>;
}

/**
 * The bodies of the recorded requests that create or edit a message or an
 * interaction response: channel messages (posts and edits), interaction
 * callbacks with a message, webhook follow-ups and edits.
 */
export function messageBodies(requests: readonly RecordedRequest[]): SentBody[] {
  const out: SentBody[] = [];
  for (const request of requests) {
    const body = request.body as Record<string, unknown> | undefined;
    if (!body || typeof body !== 'object') continue;
    const where = `${request.method} ${request.path}`;
    const { method, path } = request;
    if (/^\/channels\/\d+\/messages(\/\d+)?$/.test(path) && (method === 'POST' || method === 'PATCH')) {
      out.push({ where, body });
    } else if (/^\/webhooks\//.test(path) && (method === 'POST' || method === 'PATCH')) {
      out.push({ where, body });
    } else if (/^\/interactions\/\d+\/[^/]+\/callback$/.test(path)) {
      const type = body.type;
      if (
        type === InteractionResponseType.ChannelMessageWithSource ||
        type === InteractionResponseType.UpdateMessage
      ) {
        out.push({ where, body: (body.data ?? {}) as Record<string, unknown> });
      }
    }
  }
  return out;
}

interface EmbedLike {
  title?: string;
  description?: string;
  fields?: { name?: string; value?: string }[];
  footer?: { text?: string };
  author?: { name?: string };
}

/** Everything a reader sees of a message, part by part: content, embed titles, descriptions, fields, footers, authors. */
export function visibleParts(body: { content?: unknown; embeds?: unknown }): string[] {
  const embeds = (Array.isArray(body.embeds) ? body.embeds : []) as EmbedLike[];
  return [
    typeof body.content === 'string' ? body.content : '',
    ...embeds.flatMap((e) => [
      e.title ?? '',
      e.description ?? '',
      ...(e.fields ?? []).flatMap((f) => [f.name ?? '', f.value ?? '']),
      e.footer?.text ?? '',
      e.author?.name ?? '',
    ]),
  ].filter((part) => part !== '');
}

export function visibleText(body: { content?: unknown; embeds?: unknown }): string {
  return visibleParts(body).join('\n');
}

/** Who may be pinged, and which ids a mention token may show live. */
export interface MentionPolicy {
  /** Real members: the only ids `allowed_mentions.users` may hold. */
  users: ReadonlySet<string>;
  /** The organiser role: the only id `allowed_mentions.roles` may hold. */
  roles: ReadonlySet<string>;
  /** Every id of the fixture (members, the bot, roles, channels): the only ids a live `<@…>`, `<@&…>`, `<#…>` may name. */
  known: ReadonlySet<string>;
}

/** The problems of one sent body; empty when it is safe. */
export function mentionProblems(sent: SentBody, policy: MentionPolicy): string[] {
  const problems: string[] = [];
  const mentions = sent.body.allowed_mentions as
    | { parse?: unknown; users?: unknown; roles?: unknown }
    | undefined;
  if (mentions === undefined || mentions === null || typeof mentions !== 'object') {
    problems.push('allowed_mentions is missing');
  } else {
    if (mentions.parse !== undefined && !(Array.isArray(mentions.parse) && mentions.parse.length === 0)) {
      problems.push(`allowed_mentions.parse is ${JSON.stringify(mentions.parse)}`);
    }
    for (const id of (mentions.users ?? []) as string[]) {
      if (!policy.users.has(id)) problems.push(`allowed_mentions.users holds ${id}, not a fixture member`);
    }
    for (const id of (mentions.roles ?? []) as string[]) {
      if (!policy.roles.has(id)) problems.push(`allowed_mentions.roles holds ${id}, not the organiser role`);
    }
  }
  const text = visibleParts(sent.body).map(outsideCode).join('\n');
  const live = /@(everyone|here)/.exec(text);
  if (live) problems.push(`live ${live[0]} in the text`);
  for (const m of text.matchAll(/<(@[!&]?|#)(\d+)>/g)) {
    if (!policy.known.has(m[2]!)) problems.push(`live mention ${m[0]} of an id from user text`);
  }
  return problems;
}

/**
 * The text outside code blocks and code spans, where Discord renders mentions:
 * inside them `@everyone` or `<@id>` is shown as typed and pings nobody (the
 * announcement draft, for one, shows user text verbatim in a code block).
 * Escaped backticks open nothing.
 */
export function outsideCode(text: string): string {
  return text
    .replace(/(?<!\\)```[\s\S]*?(?<!\\)```/g, ' ')
    .replace(/(?<!\\)``(?!`)[\s\S]*?(?<!\\)``/g, ' ')
    .replace(/(?<!\\)`[^`]+(?<!\\)`/g, ' ');
}

/** A stack trace, a source path or an exception name in a reply. */
export function leaksInternals(text: string): string | undefined {
  const patterns = [
    /^\s*at (?:async )?(?:\S+ \()?(?:file:\/\/|node:|\/)\S*:\d+(?::\d+)?\)?$/m,
    /^\s{2,}at \S+/m,
    /file:\/\//,
    /node_modules/,
    /\/(?:work|home|tmp|usr|src)\/\S+/,
    /\.[cm]?[jt]s:\d+/,
    /\b(?:TypeError|ReferenceError|RangeError|SyntaxError|SqliteError|DiscordAPIError|AssertionError)\b/,
    /\bSQLITE_[A-Z]+/,
  ];
  return patterns.find((p) => p.test(text))?.source;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The error messages of both catalogs, as patterns whose `{params}` match anything. */
const ERROR_PATTERNS: readonly RegExp[] = [en, zhCN].flatMap((catalog) =>
  Object.entries(catalog)
    .filter(([key]) => key.startsWith('error.'))
    .map(
      ([, template]) =>
        new RegExp(
          `^${template
            .split(/\{\w+\}/)
            .map(escapeRegExp)
            .join('[\\s\\S]*?')}$`,
        ),
    ),
);

/** Whether a reply's content is one of the catalog's error messages (a refusal). */
export function isErrorText(content: string): boolean {
  return ERROR_PATTERNS.some((p) => p.test(content));
}

/** How long an error may be: one or two sentences, with an echoed value of at most 100 characters. */
export const ERROR_MAX_LENGTH = 500;
