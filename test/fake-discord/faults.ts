import { apiError, type Reply } from './http.ts';

/** A failure to inject into upcoming REST requests (see `FakeDiscord.failNext`). */
export interface FailureSpec {
  /** Only requests with this HTTP method (any case); defaults to any method. */
  method?: string;
  /** Only requests whose path (without `/api/v10`) matches; defaults to any path. */
  path?: RegExp;
  /** How many matching requests fail; defaults to 1. */
  count?: number;
  /**
   * `500`: internal server error. `429`: rate limited (with `retry-after` header and
   * `retry_after`/`global` body). `'hang'`: no answer at all, until the client gives up or the
   * server closes.
   */
  status: 500 | 429 | 'hang';
  /** Seconds to wait for a 429; defaults to 0.05. */
  retryAfter?: number;
  /** Whether a 429 is reported as global; defaults to false. */
  global?: boolean;
  /**
   * When true, the request still takes effect (e.g. the message is created) and only its
   * response is replaced by the failure: a lost response. Defaults to false.
   */
  applied?: boolean;
}

/** What the fake answers instead of the route's reply (`'hang'`: nothing). */
export interface Failure {
  reply: Reply | 'hang';
  /** Whether the request is handled anyway, its reply discarded. */
  applied: boolean;
}

/** Holds the failures queued by `failNext` and hands them to matching requests. */
export class FaultInjector {
  readonly #queue: { spec: FailureSpec; remaining: number }[] = [];
  #injected = 0;

  /** How many requests have been failed on purpose so far. */
  get injected(): number {
    return this.#injected;
  }

  add(spec: FailureSpec): void {
    this.#queue.push({ spec, remaining: spec.count ?? 1 });
  }

  /** Consumes and returns the first queued failure matching the request, if any. */
  take(method: string, path: string): Failure | undefined {
    const index = this.#queue.findIndex(({ spec }) => matches(spec, method, path));
    const entry = this.#queue[index];
    if (!entry) return undefined;
    if (--entry.remaining <= 0) this.#queue.splice(index, 1);
    this.#injected++;
    return toFailure(entry.spec);
  }
}

function matches(spec: FailureSpec, method: string, path: string): boolean {
  return (
    (spec.method === undefined || spec.method.toUpperCase() === method) && (spec.path?.test(path) ?? true)
  );
}

function toFailure(spec: FailureSpec): Failure {
  const applied = spec.applied ?? false;
  if (spec.status === 'hang') return { reply: 'hang', applied };
  if (spec.status === 500) return { reply: apiError(500, 0, '500: Internal Server Error'), applied };
  return { reply: rateLimitedReply(spec.retryAfter ?? 0.05, spec.global ?? false), applied };
}

/** A 429 the way Discord sends it, which discord.js honours before retrying. */
export function rateLimitedReply(retryAfterSeconds: number, global: boolean): Reply {
  const seconds = retryAfterSeconds.toFixed(3);
  return {
    status: 429,
    body: { message: 'You are being rate limited.', retry_after: retryAfterSeconds, global, code: 0 },
    headers: {
      'retry-after': seconds,
      'x-ratelimit-limit': '1',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset-after': seconds,
      'x-ratelimit-scope': global ? 'global' : 'user',
      ...(global ? { 'x-ratelimit-global': 'true' } : {}),
    },
  };
}

/** Counters of the global rate limit (see `FakeDiscord.globalRateLimit`). */
export interface RateLimitStats {
  /** The configured limit, if any. */
  limitPerSecond: number | undefined;
  /** Most requests seen in one window. */
  peakPerSecond: number;
  /** How many requests were answered 429 because the limit was exceeded. */
  exceeded: number;
}

const WINDOW_MS = 1000;

/**
 * Counts the requests subject to Discord's global rate limit in one-second windows, each
 * starting with the first request after the previous one ended (as discord.js counts them).
 */
export class GlobalRateLimiter {
  readonly #limit: number | undefined;
  #windowStart = Number.NEGATIVE_INFINITY;
  #count = 0;
  #peak = 0;
  #exceeded = 0;

  constructor(limitPerSecond: number | undefined) {
    this.#limit = limitPerSecond;
  }

  get stats(): RateLimitStats {
    return { limitPerSecond: this.#limit, peakPerSecond: this.#peak, exceeded: this.#exceeded };
  }

  /** Counts a request; returns a global 429 reply if it exceeds the limit. */
  admit(now: number): Reply | undefined {
    if (now >= this.#windowStart + WINDOW_MS) {
      this.#windowStart = now;
      this.#count = 0;
    }
    this.#peak = Math.max(this.#peak, ++this.#count);
    if (this.#limit === undefined || this.#count <= this.#limit) return undefined;
    this.#exceeded++;
    return rateLimitedReply(Math.max(this.#windowStart + WINDOW_MS - now, 1) / 1000, true);
  }
}
