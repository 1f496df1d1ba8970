import { once } from 'node:events';
import { type Client, Events } from 'discord.js';
import type { Config } from '../config.ts';
import { createClient } from '../discord/client.ts';
import { createDispatcher, type Handled } from '../discord/dispatcher.ts';
import { registerCommands } from '../discord/register.ts';
import { createTitleCapture } from '../discord/title-capture.ts';
import type { Logger } from '../log.ts';
import type { Db } from '../store/db.ts';

export interface GatewayOptions {
  config: Pick<Config, 'token' | 'guildId' | 'apiBase' | 'shards'>;
  db: Db;
  log: Logger;
  /** The current instant (ms) for actions; the real clock by default. */
  clock?: () => number;
  /** After every change an interaction or a captured title made (the composition root nudges the deliverer). */
  onChange?: () => void;
  /** Every interaction handled, with its outcome and latency (metrics). */
  onHandled?: (handled: Handled) => void;
}

/** The gateway role: the logged-in discord.js client with its shards. */
export interface Gateway {
  client: Client;
  /** Stops handling interactions and messages, and closes the connection. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts Podium on Discord's gateway: creates the client, installs the
 * interaction dispatcher and title capture, logs in, and registers the slash
 * commands if their definitions changed. Delivery is not its business: the
 * deliverer role posts (README, "Running at scale").
 */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const { config, db, log } = options;
  const clock = options.clock ?? Date.now;
  const onChange = options.onChange ?? (() => {});
  if (config.token === undefined) throw new Error('DISCORD_TOKEN is not set; see .env.example.');

  const client = createClient(config);
  const dispatch = createDispatcher({
    db,
    log,
    clock,
    onChange,
    ...(options.onHandled ? { onHandled: options.onHandled } : {}),
  });
  const capture = createTitleCapture({ db, log, clock, onChange });

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
  } catch (error) {
    await client.destroy();
    throw error;
  }

  let stopping: Promise<void> | null = null;
  return {
    client,
    stop() {
      stopping ??= (async () => {
        client.removeAllListeners(Events.InteractionCreate);
        client.removeAllListeners(Events.MessageCreate);
        await client.destroy();
      })();
      return stopping;
    },
  };
}
