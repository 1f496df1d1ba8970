import type { AttemptOutcome } from '../domain/delivery-step.ts';
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

/** What an in-doubt attempt left behind, to be found again. */
export interface Lookup {
  channelId: string;
  /** When the attempt began: only messages created after it (less a margin for clock skew) are looked at. */
  attemptAt: number;
  /** The digest of what it sent (`messageDigest`). */
  digest: string;
  /** Whether a message is already another outbox row's: never taken twice. */
  isTaken: (messageId: string) => Promise<boolean>;
}

/** Where posts go: Discord in production, the console in the demo, a recorder in tests. */
export interface Poster {
  send(post: Post): Promise<{ messageId: string }>;
  /**
   * Looks for the message an earlier attempt may have created: the bot's own
   * messages in the channel since the attempt, matched by digest. Null when
   * there is none; throws a `SendError` when the lookup itself fails.
   */
  find(lookup: Lookup): Promise<{ messageId: string } | null>;
}

/**
 * A failed send. `transient` failures (server errors, time-outs, rate limits)
 * are retried for hours; permanent ones (no access, unknown channel) only a few times.
 */
export class SendError extends Error {
  readonly transient: boolean;
  readonly retryAfterMs: number | undefined;
  /**
   * Whether Discord may have acted on the request although it did not answer
   * with success: a time-out, a dropped connection or a server error. A
   * refusal (4xx) or a rate limit means nothing was done.
   */
  readonly mayHaveReached: boolean;

  constructor(message: string, transient: boolean, retryAfterMs?: number, mayHaveReached = transient) {
    super(message);
    this.name = 'SendError';
    this.transient = transient;
    this.retryAfterMs = retryAfterMs;
    this.mayHaveReached = mayHaveReached;
  }
}

/** A failed attempt as the delivery decision (`nextDeliveryStep`) sees it. */
export function outcomeOf(error: SendError): AttemptOutcome {
  return {
    ok: false,
    transient: error.transient,
    mayHaveReached: error.mayHaveReached,
    retryAfterMs: error.retryAfterMs,
  };
}
