/**
 * `npm start`: the composition root. config → database (the SQLite file, or
 * PostgreSQL with `DATABASE_URL`) → migrations → the
 * roles this process runs (`ROLES`: web server, gateway, deliverer; all three
 * by default). The only module that reads `process.env`, and the only one
 * that knows the roles: they meet here. The gateway nudges the deliverer after
 * a change; the deliverer posts through the gateway client's REST, or through
 * a REST client of its own when there is no gateway; the web server is told
 * about the gateway (health, names) and the metrics are fed by their hooks.
 */
import { existsSync } from 'node:fs';
import { ConfigError, loadConfig } from './config.ts';
import { createRest } from './discord/client.ts';
import { gatewayProbe } from './discord/gateway-probe.ts';
import { nameLookup, restNameLookup } from './discord/names.ts';
import { createLogger } from './log.ts';
import { type Deliverer, startDeliverer } from './roles/deliverer.ts';
import { type Gateway, startGateway } from './roles/gateway.ts';
import type { Role } from './roles/roles.ts';
import type { Db } from './store/db.ts';
import { openStore, redact, StoreOpenError, storeLocationOf } from './store/open-store.ts';
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
  const runs = (role: Role) => config.roles.includes(role);
  // discord.js reads SHARD_COUNT and SHARDS from the environment itself (meant for
  // ShardingManager children, and unable to read `auto`); Podium passes them as options.
  delete process.env.SHARD_COUNT;
  delete process.env.SHARDS;
  const token = config.token;
  // Only the web server on its own needs no token: it reads the database.
  if (token === undefined && (runs('gateway') || runs('deliverer'))) {
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
  let db: Db;
  try {
    db = await openStore(storeLocationOf(config), {
      poolSize: config.databasePoolSize,
    });
  } catch (error) {
    if (error instanceof StoreOpenError) fail(error.message);
    throw error;
  }
  log.info(
    {
      ...(config.databaseUrl
        ? { databaseUrl: redact(config.databaseUrl) }
        : { databasePath: config.databasePath }),
      roles: config.roles,
    },
    'database ready',
  );
  // Signals are handled from here on, so a stop during start-up is clean too.
  let gateway: Gateway | undefined;
  let deliverer: Deliverer | undefined;
  let web: WebServer | undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    await web?.close();
    await deliverer?.stop();
    await gateway?.stop();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  const probe = () => (gateway ? gatewayProbe(gateway.client) : null);
  // Without the gateway role: REST alone, never a gateway session (the deliverer posts with it,
  // the web server looks up names not stored yet; a web server without a token looks up none).
  const ownRest =
    !runs('gateway') && token !== undefined ? createRest({ apiBase: config.apiBase, token }) : undefined;
  const metrics = createMetrics({ db, gateway: probe });

  // The web server first: a port in use stops Podium before it logs in.
  if (runs('web')) {
    try {
      web = await startWebServer(
        {
          db,
          log,
          publicUrl: config.web.publicUrl,
          metrics,
          // A process with the gateway role is healthy only with the gateway connected
          // (not yet, until it has logged in); without it, /healthz asks only the database.
          ...(runs('gateway')
            ? { gateway: () => probe() ?? { connected: () => false, pingMs: () => null } }
            : {}),
          lookupNames: () =>
            gateway ? nameLookup(gateway.client) : ownRest ? restNameLookup(ownRest) : null,
        },
        config.web,
      );
    } catch (error) {
      if (error instanceof WebServerError) {
        await db.close();
        fail(error.message);
      }
      throw error;
    }
  }
  if (runs('gateway') && token !== undefined) {
    gateway = await startGateway({
      config,
      db,
      log,
      onChange: () => deliverer?.nudge(),
      onHandled: metrics.interaction,
    });
    if (stopping) await gateway.stop();
  }
  if (runs('deliverer') && token !== undefined && !stopping) {
    const rest = gateway?.client.rest ?? ownRest ?? createRest({ apiBase: config.apiBase, token });
    deliverer = await startDeliverer({
      db,
      log,
      rest,
      names: gateway ? nameLookup(gateway.client) : restNameLookup(rest),
      botUserId: gateway?.client.user?.id,
      wrapPoster: metrics.observePoster,
    });
    if (stopping) await deliverer.stop();
  }
  log.info({ roles: config.roles }, 'started');
}

main().catch((error: unknown) => {
  process.stderr.write(`Podium stopped: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
