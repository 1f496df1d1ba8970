/**
 * The one decision every kind of delivery takes (channel posts, scheduled
 * events, alerts): send, look up first, retry later, or give up. Pure: the
 * row's attempt record and the outcome in, the next step out.
 *
 * A row is "in doubt" when its last attempt may have reached Discord: the
 * process died during it, or it ended in a time-out or a server error (the
 * message may have been created while the answer was lost). Such a row is
 * looked up in Discord before it is sent again, so that no length of Discord's
 * nonce dedup window is relied on.
 */
import { maxAttempts, retryDelay } from './reminders.ts';

/** How an attempt ended, as far as the decision cares. */
export type AttemptOutcome =
  | { ok: true }
  | {
      ok: false;
      /** Server errors, time-outs and rate limits are worth retrying for hours; refusals only a few times. */
      transient: boolean;
      /** Whether Discord may have acted on the request although we got no success. */
      mayHaveReached: boolean;
      /** A server-given wait (429), in ms. */
      retryAfterMs?: number | undefined;
    };

export type DeliveryStep =
  /** Nothing of this row may be in Discord: send it. */
  | { step: 'send' }
  /** The last attempt may have reached Discord: look for it before sending. */
  | { step: 'lookup' }
  /** The attempt succeeded (or the lookup found it): mark the row sent. */
  | { step: 'done' }
  /** Try again at `at`; `inDoubt` says whether the next try starts with a lookup. */
  | { step: 'retry'; at: number; inDoubt: boolean }
  /** Too many tries: mark the row failed (and tell the organisers). */
  | { step: 'fail' };

export interface DeliveryState {
  /** Attempts made before this one (sends and lookups alike). */
  attempts: number;
  /** Whether the row is in doubt now (before the attempt being decided on). */
  inDoubt: boolean;
  now: number;
  /** What was just tried and how it ended; absent to decide what to try. */
  after?: { tried: 'send' | 'lookup'; outcome: AttemptOutcome };
}

export function nextDeliveryStep(state: DeliveryState): DeliveryStep {
  const { after } = state;
  if (!after) return state.inDoubt ? { step: 'lookup' } : { step: 'send' };
  const { outcome } = after;
  if (outcome.ok) return { step: 'done' };
  const attempts = state.attempts + 1;
  if (attempts >= maxAttempts(outcome.transient)) return { step: 'fail' };
  // A failed lookup leaves the row as doubtful as it was; a failed send is in doubt if it may have arrived.
  const inDoubt = after.tried === 'lookup' ? state.inDoubt : outcome.mayHaveReached;
  return { step: 'retry', at: state.now + retryDelay(attempts, outcome.retryAfterMs), inDoubt };
}
