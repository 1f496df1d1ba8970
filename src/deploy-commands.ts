/**
 * `npm run deploy-commands`: registers Podium's slash commands by hand, now,
 * whether or not they changed (to `DISCORD_GUILD_ID` if set, else globally),
 * and records them in the database so the bot's next start does not repeat it.
 * The bot does the same on start when the definitions changed.
 */
import { existsSync } from 'node:fs';
import { REST, Routes } from 'discord.js';
import type { RESTGetCurrentApplicationResult } from 'discord-api-types/v10';
import { loadConfig } from './config.ts';
import { commandDefinitions } from './discord/commands/index.ts';
import { registerCommands } from './discord/register.ts';
import { createLogger } from './log.ts';
import { openStore, storeLocationOf } from './store/open-store.ts';

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig(process.env);
  if (config.token === undefined) {
    throw new Error('DISCORD_TOKEN is not set: copy .env.example to .env and paste the bot token there.');
  }
  const log = createLogger(config.logLevel);
  const rest = new REST(config.apiBase === undefined ? {} : { api: config.apiBase }).setToken(config.token);
  const application = (await rest.get(Routes.currentApplication())) as RESTGetCurrentApplicationResult;
  const db = await openStore(storeLocationOf(config));
  try {
    await registerCommands({
      rest,
      applicationId: application.id,
      guildId: config.guildId,
      db,
      log,
      force: true,
    });
  } finally {
    await db.close();
  }
  const names = commandDefinitions().map((c) => `/${c.name}`);
  process.stdout.write(
    `Registered ${names.join(', ')} ${config.guildId ? `in guild ${config.guildId}` : 'globally (may take up to an hour to show)'}.\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
