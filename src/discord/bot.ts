import { once } from 'node:events';
import { hostname } from 'node:os';
import { type Client, Events } from 'discord.js';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { DiscordEventMirror } from '../poster/discord-events.ts';
import { DiscordPoster } from '../poster/discord-poster.ts';
import { DiscordMessageEditor } from '../poster/message-editor.ts';
import type { Poster } from '../poster/poster.ts';
import { processHolderId } from '../scheduler/lease.ts';
import { type Scheduler, startScheduler } from '../scheduler/scheduler.ts';
import type { Db } from '../store/db.ts';
import { SqliteLease } from '../store/lease.ts';
import { createClient } from './client.ts';
import { createDispatcher, type Handled } from './dispatcher.ts';
import { nameLookup } from './names.ts';
import { registerCommands } from './register.ts';
import { createTitleCapture } from './title-capture.ts';

export interface StartBotOptions {
  config: Omit<Config, 'web'>;
  db: Db;
  log: Logger;
  /** The current instant (ms) for actions and the scheduler; the real clock by default. */
  clock?: () => number;
  /** Who this process is for the delivery lease; host, pid and a random part by default. */
  holder?: string;
  /** Observers wired by the composition root (metrics); the bot does not know what they feed. */
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
  /** Resolves once the deliveries started after changes (see `onChange`) are done. */
  idle(): Promise<void>;
  /**
   * Stops the scheduler, waits for deliveries under way, gives up the delivery
   * lease (unless `release: false`, as a process that dies would not), and
   * closes the connection. Idempotent.
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
      if (running) {
        again = true;
        return;
      }
      running = run().finally(() => {
        running = null;
      });
    },
    async idle(): Promise<void> {
      while (running) await running;
    },
  };
}

/**
 * Starts Podium on Discord: creates the client, installs the interaction
 * dispatcher and title capture, logs in, registers the slash commands if their
 * definitions changed, and starts the scheduler with the Discord poster.
 */
export async function startBot(options: StartBotOptions): Promise<Bot> {
  const { config, db, log } = options;
  const clock = options.clock ?? Date.now;
  if (config.token === undefined) throw new Error('DISCORD_TOKEN is not set; see .env.example.');

  const client = createClient(config);
  let scheduler: Scheduler | null = null;
  const nudger = createNudger(() => scheduler, log);
  const hooks = options.hooks ?? {};
  const dispatch = createDispatcher({
    db,
    log,
    clock,
    onChange: nudger.nudge,
    ...(hooks.onHandled ? { onHandled: hooks.onHandled } : {}),
  });
  const capture = createTitleCapture({ db, log, clock, onChange: nudger.nudge });

  client.on(Events.InteractionCreate, (interaction) => {
    log.debug(
      { interactionId: interaction.id, guildId: interaction.guildId, shardId: interaction.guild?.shardId },
      'interaction received',
    );
    void dispatch(interaction).catch((error: unknown) => log.error({ err: error }, 'dispatcher failed'));
  });
  client.on(Events.MessageCreate, (message) => {
    void capture(message).catch((error: unknown) => log.error({ err: error }, 'title capture failed'));
  });
  client.on(Events.Error, (error) => log.error({ err: error }, 'discord client error'));
  client.on(Events.Warn, (message) => log.warn({ message }, 'discord client warning'));
  client.on(Events.ShardDisconnect, (event, shardId) =>
    log.warn({ shardId, code: event.code }, 'gateway disconnected'),
  );
  client.on(Events.ShardResume, (shardId, replayed) => log.info({ shardId, replayed }, 'gateway resumed'));

  try {
    const ready = once(client, Events.ClientReady);
    await client.login(config.token);
    await ready;
    log.info(
      {
        user: client.user?.tag,
        guilds: client.guilds.cache.size,
        shards: [...client.ws.shards.keys()],
        shardCount: client.options.shardCount,
      },
      'logged in',
    );
    const applicationId = client.application?.id ?? client.user?.id;
    if (applicationId === undefined) throw new Error('Discord did not say who the bot is');
    try {
      await registerCommands({ rest: client.rest, applicationId, guildId: config.guildId, db, log });
    } catch (error) {
      // The commands registered before still work; the next start tries again.
      log.error({ err: error, guildId: config.guildId ?? 'global' }, 'command registration failed');
    }
    const botUserId = client.user?.id;
    const poster = new DiscordPoster(client.rest, botUserId);
    scheduler = await startScheduler({
      db,
      poster: hooks.wrapPoster ? hooks.wrapPoster(poster) : poster,
      editor: new DiscordMessageEditor(client.rest),
      events: new DiscordEventMirror(client.rest, nameLookup(client), botUserId),
      lease: new SqliteLease(db, {
        holder: options.holder ?? processHolderId(hostname(), process.pid),
        clock,
      }),
      log,
      clock,
    });
  } catch (error) {
    await client.destroy();
    throw error;
  }

  const started = scheduler;
  let stopping: Promise<void> | null = null;
  return {
    client,
    scheduler: started,
    idle: () => nudger.idle(),
    stop(stopOptions = {}) {
      stopping ??= (async () => {
        scheduler = null; // later nudges do nothing
        client.removeAllListeners(Events.InteractionCreate);
        client.removeAllListeners(Events.MessageCreate);
        await started.stop(stopOptions);
        await nudger.idle();
        await client.destroy();
        log.info('bot stopped');
      })();
      return stopping;
    },
  };
}
