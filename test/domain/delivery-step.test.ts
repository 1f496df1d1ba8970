import { describe, expect, it } from 'vitest';
import { type AttemptOutcome, nextDeliveryStep } from '../../src/domain/delivery-step.ts';

const NOW = Date.parse('2024-08-01T12:00:00+08:00');
const serverError: AttemptOutcome = { ok: false, transient: true, mayHaveReached: true };
const rateLimited: AttemptOutcome = {
  ok: false,
  transient: true,
  mayHaveReached: false,
  retryAfterMs: 30_000,
};
const refused: AttemptOutcome = { ok: false, transient: false, mayHaveReached: false };

describe('the delivery decision', () => {
  it('sends a row nothing of which can be in Discord, and looks up one whose last attempt may be', () => {
    expect(nextDeliveryStep({ attempts: 0, inDoubt: false, now: NOW })).toEqual({ step: 'send' });
    expect(nextDeliveryStep({ attempts: 3, inDoubt: true, now: NOW })).toEqual({ step: 'lookup' });
  });

  it('is done when the send or the lookup succeeded', () => {
    for (const tried of ['send', 'lookup'] as const) {
      expect(
        nextDeliveryStep({ attempts: 1, inDoubt: true, now: NOW, after: { tried, outcome: { ok: true } } }),
      ).toEqual({ step: 'done' });
    }
  });

  it('retries a send that may have reached Discord as in doubt, and a refused or rate-limited one as not', () => {
    expect(
      nextDeliveryStep({
        attempts: 0,
        inDoubt: false,
        now: NOW,
        after: { tried: 'send', outcome: serverError },
      }),
    ).toEqual({ step: 'retry', at: NOW + 5_000, inDoubt: true });
    expect(
      nextDeliveryStep({
        attempts: 0,
        inDoubt: false,
        now: NOW,
        after: { tried: 'send', outcome: rateLimited },
      }),
    ).toEqual({ step: 'retry', at: NOW + 30_000, inDoubt: false });
    expect(
      nextDeliveryStep({ attempts: 0, inDoubt: false, now: NOW, after: { tried: 'send', outcome: refused } }),
    ).toEqual({ step: 'retry', at: NOW + 5_000, inDoubt: false });
  });

  it('keeps a row in doubt when its lookup failed, whatever the failure', () => {
    expect(
      nextDeliveryStep({
        attempts: 2,
        inDoubt: true,
        now: NOW,
        after: { tried: 'lookup', outcome: rateLimited },
      }),
    ).toEqual({ step: 'retry', at: NOW + 30_000, inDoubt: true });
  });

  it('backs off exponentially and gives up after 24 transient or 3 permanent failures', () => {
    const at = (attempts: number) =>
      nextDeliveryStep({
        attempts,
        inDoubt: false,
        now: NOW,
        after: { tried: 'send', outcome: serverError },
      });
    expect(at(1)).toMatchObject({ step: 'retry', at: NOW + 10_000 });
    expect(at(22)).toMatchObject({ step: 'retry', at: NOW + 600_000 });
    expect(at(23)).toEqual({ step: 'fail' });
    expect(
      nextDeliveryStep({ attempts: 2, inDoubt: false, now: NOW, after: { tried: 'send', outcome: refused } }),
    ).toEqual({ step: 'fail' });
  });
});
