/**
 * `npm start`: the composition root. config → database → migrations → web
 * server → Discord client → scheduler. The only module that reads
 * `process.env`. The roles meet only here: the web server is told about the
 * gateway (health, names) and the metrics are fed by the bot's hooks.
 */
import { existsSync } from 'node:fs';
import { ConfigError, loadConfig } from './config.ts';
import { startBot } from './discord/bot.ts';
import { gatewayProbe } from './discord/gateway-probe.ts';
import { nameLookup } from './discord/names.ts';
import { createLogger } from './log.ts';
import { openStore, StoreOpenError } from './store/open-store.ts';
import { createMetrics } from './web/metrics.ts';
import { startWebServer, type WebServer, WebServerError } from './web/server.ts';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  // discord.js reads SHARD_COUNT and SHARDS from the environment itself (meant for
  // ShardingManager children, and unable to read `auto`); Podium passes them as options.
  delete process.env.SHARD_COUNT;
  delete process.env.SHARDS;
  if (!config.token) {
    fail(
      [
        'Podium needs a Discord bot token, and DISCORD_TOKEN is not set.',
        '  1. Copy .env.example to .env',
        '  2. In the Discord Developer Portal, open your application → Bot → Reset Token, and paste it as DISCORD_TOKEN=… in .env',
        '  3. Run npm start again.',
        'README.md ("Create the Discord application") has the whole walk-through.',
      ].join('\n'),
    );
  }
  const log = createLogger(config.logLevel);
  let db: ReturnType<typeof openStore>;
  try {
    db = openStore(config.databasePath);
  } catch (error) {
    if (error instanceof StoreOpenError) fail(error.message);
    throw error;
  }
  log.info({ databasePath: config.databasePath }, 'database ready');
  // Signals are handled from here on, so a stop during start-up is clean too.
  let bot: Awaited<ReturnType<typeof startBot>> | undefined;
  let web: WebServer | undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    await web?.close();
    await bot?.stop();
    db.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  const gateway = () => (bot ? gatewayProbe(bot.client) : null);
  const metrics = createMetrics({ db, gateway });
  // The web server first: a port in use stops Podium before it logs in.
  try {
    web = await startWebServer(
      {
        db,
        log,
        publicUrl: config.web.publicUrl,
        metrics,
        // Until the bot has logged in, the process has a gateway that is not connected yet.
        gateway: () => gateway() ?? { connected: () => false, pingMs: () => null },
        lookupNames: () => (bot ? nameLookup(bot.client) : null),
      },
      config.web,
    );
  } catch (error) {
    if (error instanceof WebServerError) {
      db.close();
      fail(error.message);
    }
    throw error;
  }
  bot = await startBot({
    config,
    db,
    log,
    hooks: { onHandled: metrics.interaction, wrapPoster: metrics.observePoster },
  });
  if (stopping) await bot.stop();
}

main().catch((error: unknown) => {
  process.stderr.write(`Podium stopped: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
