import { createHash } from 'node:crypto';
import { type REST, Routes } from 'discord.js';
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import type { Logger } from '../log.ts';
import type { Db } from '../store/db.ts';
import { getMeta, setMeta } from '../store/settings.ts';
import { commandDefinitions } from './commands/index.ts';

/** The `app_meta` key holding the fingerprint of the commands last registered. */
export const COMMANDS_HASH_KEY = 'discord.commands.hash';

export interface RegisterOptions {
  rest: REST;
  applicationId: string;
  /** Register to this guild (instant, for development); globally when undefined. */
  guildId: string | undefined;
  db: Db;
  log: Logger;
  /** Register even if nothing changed since the last time. */
  force?: boolean;
  definitions?: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[];
}

/** A fingerprint of the definitions and where they go: registering again is needed when it changes. */
export function commandsHash(
  definitions: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[],
  applicationId: string,
  guildId: string | undefined,
): string {
  return createHash('sha256')
    .update(JSON.stringify({ applicationId, guildId: guildId ?? null, definitions }))
    .digest('hex');
}

/**
 * Registers the slash commands (bulk overwrite, to the guild or globally),
 * only when their definitions changed since the last registration recorded in
 * the database. Returns whether it registered.
 */
export async function registerCommands(options: RegisterOptions): Promise<boolean> {
  const { rest, applicationId, guildId, db, log } = options;
  const definitions = options.definitions ?? commandDefinitions();
  const hash = commandsHash(definitions, applicationId, guildId);
  if (!options.force && getMeta(db, COMMANDS_HASH_KEY) === hash) {
    log.info({ guildId: guildId ?? 'global', commands: definitions.length }, 'commands unchanged');
    return false;
  }
  const route =
    guildId === undefined
      ? Routes.applicationCommands(applicationId)
      : Routes.applicationGuildCommands(applicationId, guildId);
  await rest.put(route, { body: definitions });
  setMeta(db, COMMANDS_HASH_KEY, hash);
  log.info({ guildId: guildId ?? 'global', commands: definitions.length }, 'commands registered');
  return true;
}
