import { hostname } from 'node:os';
import type { REST } from 'discord.js';
import type { Logger } from '../log.ts';
import { DiscordEventMirror, type NameLookup } from '../poster/discord-events.ts';
import { DiscordPoster } from '../poster/discord-poster.ts';
import { DiscordMessageEditor } from '../poster/message-editor.ts';
import type { Poster } from '../poster/poster.ts';
import { processHolderId } from '../scheduler/lease.ts';
import { type Scheduler, startScheduler } from '../scheduler/scheduler.ts';
import type { Db } from '../store/db.ts';
import { StoreLease } from '../store/lease.ts';

export interface DelivererOptions {
  db: Db;
  log: Logger;
  /** Discord's REST API: the gateway client's, or a REST client of its own (no gateway needed to post). */
  rest: REST;
  /** Display names for text that leaves Discord (scheduled events). */
  names: NameLookup;
  /** The bot's user id when known (a gateway has it); else asked of Discord when first needed. */
  botUserId?: string | undefined;
  /** The current instant (ms); the real clock by default. */
  clock?: () => number;
  /** Who this process is for the delivery lease; host, pid and a random part by default. */
  holder?: string;
  /** Wraps the Discord poster, e.g. to count posts by kind and outcome (metrics). */
  wrapPoster?: (poster: Poster) => Poster;
}

/** The deliverer role: the scheduler with the Discord poster, behind the delivery lease. */
export interface Deliverer {
  scheduler: Scheduler;
  /** An extra delivery pass soon, e.g. after a change, rather than on the next heartbeat. */
  nudge(): void;
  /** Resolves once the passes asked for by `nudge` are done. */
  idle(): Promise<void>;
  /**
   * Stops the scheduler, waits for deliveries under way, and gives up the
   * delivery lease (unless `release: false`, as a process that dies would not). Idempotent.
   */
  stop(options?: { release?: boolean }): Promise<void>;
}

/**
 * Runs an extra delivery pass after a change, so its notice goes out at once
 * rather than on the next heartbeat. Passes never overlap: a nudge during one
 * asks for one more after it.
 */
function createNudger(scheduler: () => Scheduler | null, log: Logger) {
  let running: Promise<void> | null = null;
  let again = false;
  const run = async () => {
    do {
      again = false;
      const s = scheduler();
      if (!s) return;
      try {
        await s.tick();
      } catch (error) {
        log.error({ err: error }, 'delivery after a change failed');
      }
    } while (again);
  };
  return {
    nudge(): void {
      if (running !== null) {
        again = true;
        return;
      }
      running = run().finally(() => {
        running = null;
      });
    },
    async idle(): Promise<void> {
      while (running !== null) await running;
    },
  };
}

/** Starts the deliverer: the scheduler's heartbeat, planning and outbox delivery over Discord's REST API. */
export async function startDeliverer(options: DelivererOptions): Promise<Deliverer> {
  const { db, log, rest, botUserId } = options;
  const clock = options.clock ?? Date.now;
  const poster = new DiscordPoster(rest, botUserId);
  const started = await startScheduler({
    db,
    poster: options.wrapPoster ? options.wrapPoster(poster) : poster,
    editor: new DiscordMessageEditor(rest),
    events: new DiscordEventMirror(rest, options.names, botUserId),
    lease: new StoreLease(db, {
      holder: options.holder ?? processHolderId(hostname(), process.pid),
      clock,
    }),
    log,
    clock,
  });
  let scheduler: Scheduler | null = started;
  const nudger = createNudger(() => scheduler, log);
  let stopping: Promise<void> | null = null;
  return {
    scheduler: started,
    nudge: () => nudger.nudge(),
    idle: () => nudger.idle(),
    stop(stopOptions = {}) {
      stopping ??= (async () => {
        scheduler = null; // later nudges do nothing
        await started.stop(stopOptions);
        await nudger.idle();
      })();
      return stopping;
    },
  };
}
