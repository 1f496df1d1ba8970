import type { Logger } from '../log.ts';
import type { Poster } from '../poster/poster.ts';
import { deliverDue } from '../scheduler/deliver.ts';
import { planAhead } from '../scheduler/plan-ahead.ts';
import type { Db } from '../store/db.ts';
import { nextDueAt } from '../store/outbox.ts';

/** Something that happens at a given instant of a simulated season (a command, a crash…). */
export interface SimEvent {
  at: number;
  run: (now: number) => void | Promise<void>;
}

/** A clock the simulation moves; read it wherever the real one would be. */
export interface SimClock {
  now: number;
}

export interface SimDeps {
  db: Db;
  poster: Poster;
  log: Logger;
  clock: SimClock;
}

/**
 * Replays time from `clock.now` to `until` through the real scheduler steps:
 * the planning pass (at least hourly) and the delivery tick, jumping straight
 * to the next instant where something is due, an event happens, or an hour
 * has passed, as the per-second heartbeat would see it.
 */
export async function simulate(
  deps: SimDeps,
  until: number,
  events: readonly SimEvent[] = [],
  /** Called after each step, e.g. to remember the clock across a restart. */
  onStep?: (now: number) => void,
): Promise<void> {
  const queue = [...events].sort((a, b) => a.at - b.at);
  const HOUR = 3_600_000;
  let nextPlan = deps.clock.now;
  while (deps.clock.now <= until) {
    const now = deps.clock.now;
    while (queue.length > 0 && queue[0]!.at <= now) await queue.shift()!.run(now);
    if (now >= nextPlan) {
      await planAhead(deps.db, now, deps.log);
      nextPlan = now + HOUR;
    }
    await deliverDue(deps, now);
    onStep?.(now);
    const candidates = [
      nextPlan,
      queue[0]?.at ?? Number.POSITIVE_INFINITY,
      (await nextDueAt(deps.db)) ?? Number.POSITIVE_INFINITY,
    ];
    // The heartbeat ticks each whole second: the next tick at or after the next thing to do.
    const next = Math.ceil(Math.max(now + 1, Math.min(...candidates)) / 1000) * 1000;
    if (next > until) break;
    deps.clock.now = next;
  }
  deps.clock.now = until;
}
