import type { Language } from '../domain/model.ts';
import type { MessagePayload } from '../render/payload.ts';

/** One channel post on its way out. `nonce` is the outbox row id: Discord drops a repeat of it. */
export interface Post {
  channelId: string;
  nonce: string;
  payload: MessagePayload;
  meta: {
    outboxId: number;
    kind: string;
    seriesId: number;
    meetingId: number | null;
    dueAt: number;
    timeZone: string;
    language: Language;
  };
}

/** Where posts go: Discord in production, the console in the demo, a recorder in tests. */
export interface Poster {
  send(post: Post): Promise<{ messageId: string }>;
}

/**
 * A failed send. `transient` failures (server errors, time-outs, rate limits)
 * are retried for hours; permanent ones (no access, unknown channel) only a few times.
 */
export class SendError extends Error {
  readonly transient: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(message: string, transient: boolean, retryAfterMs?: number) {
    super(message);
    this.name = 'SendError';
    this.transient = transient;
    this.retryAfterMs = retryAfterMs;
  }
}
