import cron, { type ScheduledTask } from 'node-cron';
import { expireSwaps } from '../app/expireSwaps.ts';
import type { Logger } from '../log.ts';
import type { EventMirrorPort } from '../poster/event-mirror.ts';
import type { MessageEditor } from '../poster/message-editor.ts';
import type { Poster } from '../poster/poster.ts';
import { pruneAppliedEvents } from '../store/applied-events.ts';
import { canWriteNow, type Db } from '../store/db.ts';
import { expiredSwaps } from '../store/swaps.ts';
import { type DeliveryReport, deliverDue } from './deliver.ts';
import { editDue } from './edit-messages.ts';
import type { DeliveryLease } from './lease.ts';
import { planAhead } from './plan-ahead.ts';

export interface SchedulerDeps {
  db: Db;
  poster: Poster;
  log: Logger;
  /** Mirrors meetings as Discord scheduled events, when given. */
  events?: EventMirrorPort;
  /** The delivery lease: only its holder sends (see `DeliveryLease`). */
  lease: DeliveryLease;
  /** Edits posted messages whose state changed (buttons that no longer apply), when given. */
  editor?: MessageEditor;
  /** The current instant; the real clock in production. */
  clock?: () => number;
}

export interface Scheduler {
  /** One heartbeat: renew (or try to take) the delivery lease, then deliver what is due now if held. */
  tick(): Promise<DeliveryReport>;
  /** Whether this process held the delivery lease at its last renewal. */
  delivering(): boolean;
  /** One planning pass now. */
  plan(): Promise<{ planned: number; expired: number }>;
  /** Stops the clockwork; with `release` (a clean stop) the lease is given up so a standby takes over at once. */
  stop(options?: { release?: boolean }): Promise<void>;
}

/**
 * Starts Podium's clockwork. node-cron is only the heartbeat: every second it
 * asks the database what is due (never an in-memory timer), without overlap;
 * every hour it runs the planning pass; every ten seconds, on SQLite, it folds the
 * WAL back into the database (a passive checkpoint, so commands never pay for one). Delivery
 * and planning run once at start, planning first.
 */
export async function startScheduler(deps: SchedulerDeps): Promise<Scheduler> {
  const clock = deps.clock ?? Date.now;
  const plan = async () => {
    const now = clock();
    const result = await planAhead(deps.db, now, deps.log);
    await pruneAppliedEvents(deps.db, now);
    return result;
  };
  // The lease is renewed every second by a task of its own, so a long delivery pass never lets it lapse.
  let holding: boolean | undefined;
  const renew = async (): Promise<boolean> => {
    let held = false;
    try {
      held = await deps.lease.acquire();
    } catch (error) {
      deps.log.warn({ err: error }, 'delivery lease could not be renewed');
    }
    if (held !== holding) {
      // Said once per change: a standby does not repeat itself every second.
      if (held) deps.log.info({ holder: deps.lease.holder }, 'delivery lease held: this process delivers');
      else
        deps.log.info(
          { holder: deps.lease.holder },
          'another process holds the delivery lease: standing by, delivering nothing',
        );
      holding = held;
    }
    return held;
  };
  // Deliveries run one after another, whoever asks (the heartbeat, or a pass right
  // after a change): two passes never pick up the same due row.
  let last: Promise<unknown> = Promise.resolve();
  const { editor } = deps;
  const tick = (): Promise<DeliveryReport> => {
    const next = last.then(async () => {
      await renew();
      const report = await deliverDue(deps, clock());
      // After the posts: an edit never delays a reminder, and a failing one never stops them.
      // Requests past their deadline close first (one indexed query), so their messages say so at once.
      // Edits are sends too: only the lease holder makes them.
      if (editor && deps.lease.isValid()) {
        try {
          // Only when one is due and the write lock is free: a locked database never blocks the tick.
          const now = clock();
          if ((await expiredSwaps(deps.db, now, 1)).length > 0 && (await canWriteNow(deps.db))) {
            await expireSwaps(deps.db, now);
          }
          await editDue({ db: deps.db, editor, log: deps.log }, clock());
        } catch (error) {
          deps.log.error({ err: error }, 'message edits failed');
        }
      }
      return report;
    });
    last = next.catch(() => undefined);
    return next;
  };
  const catchUp = await plan();
  const first = await tick();
  deps.log.info({ ...catchUp, ...first }, 'scheduler started');
  // node-cron's own messages (an overlapping heartbeat skipped, say) go to our log, quietly.
  const logger = {
    info: (m: string) => deps.log.debug({ source: 'node-cron' }, m),
    warn: (m: string) => deps.log.debug({ source: 'node-cron' }, m),
    error: (m: string | Error, err?: Error) =>
      deps.log.error({ source: 'node-cron', err: err ?? m }, String(m)),
    debug: (m: string | Error) => deps.log.trace({ source: 'node-cron' }, String(m)),
  };
  const tasks: ScheduledTask[] = [
    cron.schedule(
      '* * * * * *',
      async () => {
        try {
          await tick();
        } catch (error) {
          deps.log.error({ err: error }, 'delivery tick failed');
        }
      },
      { name: 'podium-deliver', noOverlap: true, logger },
    ),
    cron.schedule(
      '* * * * * *',
      async () => {
        await renew();
      },
      { name: 'podium-lease', noOverlap: true, logger },
    ),
    cron.schedule(
      '*/10 * * * * *',
      async () => {
        try {
          // SQLite only: PostgreSQL checkpoints by itself.
          if (deps.db.engine === 'sqlite')
            await deps.db.withSqlite((file) => file.pragma('wal_checkpoint(PASSIVE)'));
        } catch (error) {
          deps.log.warn({ err: error }, 'checkpoint failed');
        }
      },
      { name: 'podium-checkpoint', noOverlap: true, logger },
    ),
    cron.schedule(
      '0 7 * * * *',
      async () => {
        try {
          await plan();
        } catch (error) {
          deps.log.error({ err: error }, 'planning pass failed');
        }
      },
      { name: 'podium-plan', noOverlap: true, logger },
    ),
  ];
  return {
    tick,
    plan,
    delivering: () => holding === true,
    async stop(options = {}) {
      for (const task of tasks) await task.destroy();
      if (options.release ?? true) {
        await deps.lease.release().catch((error: unknown) => {
          deps.log.warn({ err: error }, 'delivery lease could not be released');
        });
      }
    },
  };
}
