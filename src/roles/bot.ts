import type { Client } from 'discord.js';
import type { Config } from '../config.ts';
import type { Handled } from '../discord/dispatcher.ts';
import { nameLookup } from '../discord/names.ts';
import type { Logger } from '../log.ts';
import type { Poster } from '../poster/poster.ts';
import type { Scheduler } from '../scheduler/scheduler.ts';
import type { Db } from '../store/db.ts';
import { type Deliverer, startDeliverer } from './deliverer.ts';
import { startGateway } from './gateway.ts';

export interface StartBotOptions {
  config: Pick<Config, 'token' | 'guildId' | 'apiBase' | 'shards'>;
  db: Db;
  log: Logger;
  /** The current instant (ms) for actions and the scheduler; the real clock by default. */
  clock?: () => number;
  /** Who this process is for the delivery lease; host, pid and a random part by default. */
  holder?: string;
  /** Observers (metrics); the bot does not know what they feed. */
  hooks?: BotHooks;
}

export interface BotHooks {
  /** Every interaction handled, with its outcome and latency. */
  onHandled?: (handled: Handled) => void;
  /** Wraps the Discord poster, e.g. to count posts by kind and outcome. */
  wrapPoster?: (poster: Poster) => Poster;
}

export interface Bot {
  client: Client;
  scheduler: Scheduler;
  /** Resolves once the deliveries started after changes are done. */
  idle(): Promise<void>;
  /**
   * Stops the deliverer (giving up the delivery lease unless `release: false`,
   * as a process that dies would not), then the gateway. Idempotent.
   */
  stop(options?: { release?: boolean }): Promise<void>;
}

/**
 * The gateway and deliverer roles together in this process, the deliverer
 * posting through the gateway client's REST and nudged after every change, as
 * `npm start` runs them by default (`src/main.ts` composes the roles the same way).
 * Used by tests and benchmarks that want "the bot" in-process.
 */
export async function startBot(options: StartBotOptions): Promise<Bot> {
  const { db, log } = options;
  let deliverer: Deliverer | undefined;
  const gateway = await startGateway({
    config: options.config,
    db,
    log,
    ...(options.clock ? { clock: options.clock } : {}),
    onChange: () => deliverer?.nudge(),
    ...(options.hooks?.onHandled ? { onHandled: options.hooks.onHandled } : {}),
  });
  try {
    deliverer = await startDeliverer({
      db,
      log,
      rest: gateway.client.rest,
      names: nameLookup(gateway.client),
      botUserId: gateway.client.user?.id,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.holder ? { holder: options.holder } : {}),
      ...(options.hooks?.wrapPoster ? { wrapPoster: options.hooks.wrapPoster } : {}),
    });
  } catch (error) {
    await gateway.stop();
    throw error;
  }
  const started = deliverer;
  let stopping: Promise<void> | null = null;
  return {
    client: gateway.client,
    scheduler: started.scheduler,
    idle: () => started.idle(),
    stop(stopOptions = {}) {
      stopping ??= (async () => {
        await started.stop(stopOptions);
        await gateway.stop();
        log.info('bot stopped');
      })();
      return stopping;
    },
  };
}
