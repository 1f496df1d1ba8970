import * as v from 'valibot';
import { field } from './notices.ts';

/**
 * The stored data of the outbox posts that are neither reminders nor notices,
 * from the action that queues one to the renderer (`render/posts.ts`): one
 * shape per kind, so the compiler checks both ends. The JSON is the shape rows
 * already in a database have.
 *
 * As for notices (domain/notices.ts), a field typed `| null` is one a stored
 * row may lack or have malformed: the renderer then shows a fallback.
 */

/** `swap:request`: queued by `postSwapRequest` (app/swapPost.ts). */
export interface SwapRequestData {
  swapId: number;
  /** The member who asks, and the one asked. */
  from: string;
  to: string;
  /** The asker's meeting; a row without it shows the meeting's start. */
  fromAt: number | null;
  /** The asked member's meeting; null: a hand-over. */
  toAt: number | null;
  expiresAt: number;
}

/** `alert:mirror`: queued once per episode when the scheduled-event mirror fails for good (scheduler/deliver-mirror.ts). */
export interface MirrorAlertData {
  /** Discord's error, at most 300 characters; null (shown as "?") when the row lacks it. */
  error: string | null;
  /** The bot lacks the permission to manage events (only `true` says so). */
  permission: boolean;
}

/** `alert:failed`: queued when a post fails for good (scheduler/deliver.ts), about that post. */
export interface FailedAlertData {
  /** The outbox kind of the post that could not be delivered. */
  kind: string;
  attempts: number;
  /** Its last error; null (shown as "?") when the row lacks it. */
  error: string | null;
  dueAt: number;
}

/** The data of each such kind. */
export interface PostData {
  'swap:request': SwapRequestData;
  'alert:mirror': MirrorAlertData;
  'alert:failed': FailedAlertData;
}

export type PostDataKind = keyof PostData;

const { finite, num, text, user, flag, record } = field;

const SCHEMAS: { [K in PostDataKind]: v.GenericSchema<unknown, PostData[K]> } = {
  'swap:request': record({
    swapId: finite,
    from: user,
    to: user,
    fromAt: num,
    toAt: num,
    expiresAt: finite,
  }),
  // An alert is always shown: a row without its details says "?".
  'alert:mirror': v.fallback(record({ error: text, permission: flag }), () => ({
    error: null,
    permission: false,
  })),
  'alert:failed': record({ kind: v.string(), attempts: finite, error: text, dueAt: finite }),
};

/** `swap:request` → itself; null for an outbox kind whose data is not described here. */
export function postDataKindOf(outboxKind: string): PostDataKind | null {
  return Object.hasOwn(SCHEMAS, outboxKind) ? (outboxKind as PostDataKind) : null;
}

/** A stored post's data read back; null when it lacks what its kind needs. */
export function decodePostData<K extends PostDataKind>(kind: K, data: unknown): PostData[K] | null {
  const parsed = v.safeParse(SCHEMAS[kind], data ?? {});
  return parsed.success ? parsed.output : null;
}

/** What the outbox stores for such a post: its kind and its data, checked against each other. */
export function encodePost<K extends PostDataKind>(
  kind: K,
  data: PostData[K],
): { kind: K; data: PostData[K] } {
  return { kind, data };
}

const SWAP_ID = record({ swapId: finite });

/**
 * The request a stored `swap:request` post is about, even when the rest of its
 * data is malformed (an answered request is shown from the database alone).
 */
export function swapIdOf(data: unknown): number | null {
  const parsed = v.safeParse(SWAP_ID, data ?? {});
  return parsed.success ? parsed.output.swapId : null;
}
