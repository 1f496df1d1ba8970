import * as v from 'valibot';

/**
 * The change notices, from the action that queues one (`recordChange`) to the
 * renderer (`render/posts.ts`): one variant per kind, so the compiler checks
 * both ends. The outbox stores a notice as kind `notice:<kind>` and the other
 * fields as its JSON data (the shape rows already in a database have).
 *
 * A field typed `| null` is one a stored row may lack (a row written before it
 * existed, or malformed): the renderer then shows a fallback, e.g. the
 * meeting's own start, or "?".
 */
export type Notice =
  | { kind: 'postpone'; from: number | null; to: number | null; reason: string | null }
  | { kind: 'skip'; at: number | null; reason: string | null; presenters: string[] }
  | { kind: 'pause'; from: string | null; until: string | null; reason: string | null; cancelled: number[] }
  | { kind: 'resume'; from: string | null; until: string | null; pauseId: number | null }
  | { kind: 'swap'; a: string; b: string; aAt: number | null; bAt: number | null }
  | { kind: 'release'; at: number | null; user: string | null }
  | { kind: 'claim'; at: number | null; user: string }
  | { kind: 'assign'; at: number | null; user: string; replaced: string | null }
  | { kind: 'minutes'; minutesId: number | null; author: string; body: string; edited: boolean }
  | {
      kind: 'away';
      user: string;
      from: string | null;
      until: string | null;
      reason: string | null;
      released: number[];
      replanned: number[];
    }
  | {
      kind: 'back';
      user: string;
      from: string | null;
      until: string | null;
      back: string | null;
      cancelled: boolean;
    };

export type NoticeKind = Notice['kind'];

/** One variant of the union. */
export type NoticeOf<K extends NoticeKind> = Extract<Notice, { kind: K }>;

/** What the outbox stores as the notice's data: the variant without its kind. */
export type NoticeData<K extends NoticeKind = NoticeKind> = Omit<NoticeOf<K>, 'kind'>;

// ---------------------------------------------------------------------------
// Reading stored data: each field is checked once here; a missing or malformed
// optional field becomes its fallback, a missing required one rejects the row.

const SNOWFLAKE = /^\d{1,25}$/;
const finite = v.pipe(v.number(), v.finite());
const num = v.fallback(v.nullable(finite), null);
const text = v.fallback(v.nullable(v.string()), null);
const user = v.pipe(v.string(), v.regex(SNOWFLAKE));
const userOrNull = v.fallback(v.nullable(user), null);
// The fallback makes a new array each time: an absent field gets it as it is, not filtered.
const users = v.pipe(
  v.fallback(v.array(v.unknown()), () => []),
  v.transform((xs) => xs.filter((x): x is string => typeof x === 'string' && SNOWFLAKE.test(x))),
);
const nums = v.pipe(
  v.fallback(v.array(v.unknown()), () => []),
  v.transform((xs) => xs.filter((x): x is number => typeof x === 'number' && Number.isFinite(x))),
);
// Any value, but present: a row without the field is refused (valibot's objects refuse an absent
// key that `v.unknown()` reads); anything but true reads false.
const flag = v.pipe(
  v.unknown(),
  v.transform((x) => x === true),
);

/**
 * The stored data, an object with these fields: not an array, which valibot's
 * `v.object` alone would take (and read `[]` as a row whose fields all fell back).
 */
const record = <E extends v.ObjectEntries>(entries: E) =>
  v.pipe(
    v.custom<unknown>((x) => !Array.isArray(x)),
    v.object(entries),
  );

/** The field readers, shared with the other posts' data (`domain/post-data.ts`). */
export const field = { finite, num, text, user, flag, record } as const;

const SCHEMAS: { [K in NoticeKind]: v.GenericSchema<unknown, NoticeData<K>> } = {
  postpone: record({ from: num, to: num, reason: text }),
  skip: record({ at: num, reason: text, presenters: users }),
  pause: record({ from: text, until: text, reason: text, cancelled: nums }),
  resume: record({ from: text, until: text, pauseId: num }),
  swap: record({ a: user, b: user, aAt: num, bAt: num }),
  release: record({ at: num, user: userOrNull }),
  claim: record({ at: num, user }),
  assign: record({ at: num, user, replaced: userOrNull }),
  minutes: record({ minutesId: num, author: user, body: v.string(), edited: flag }),
  away: record({ user, from: text, until: text, reason: text, released: nums, replanned: nums }),
  back: record({ user, from: text, until: text, back: text, cancelled: flag }),
};

/** `notice:postpone` → `postpone`; null for an outbox kind that is not a notice. */
export function noticeKindOf(outboxKind: string): NoticeKind | null {
  if (!outboxKind.startsWith('notice:')) return null;
  const kind = outboxKind.slice('notice:'.length);
  return Object.hasOwn(SCHEMAS, kind) ? (kind as NoticeKind) : null;
}

/**
 * A stored notice read back: the outbox kind and its JSON data. Null when the
 * kind is not a notice this code knows, or the data lacks what the kind needs.
 */
export function decodeNotice(outboxKind: string, data: unknown): Notice | null {
  const kind = noticeKindOf(outboxKind);
  if (kind === null) return null;
  const parsed = v.safeParse(SCHEMAS[kind], data ?? {});
  return parsed.success ? ({ kind, ...parsed.output } as Notice) : null;
}

/** What the outbox stores for a notice: its kind, and its data without the kind. */
export function encodeNotice(notice: Notice): { kind: `notice:${NoticeKind}`; data: NoticeData } {
  const { kind, ...data } = notice;
  return { kind: `notice:${kind}`, data };
}
