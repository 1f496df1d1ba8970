import { createHash } from 'node:crypto';
import { DiscordAPIError, type REST, Routes } from 'discord.js';
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import type { Logger } from '../log.ts';
import { type Db, inTransaction } from '../store/db.ts';
import { getMeta, setMeta } from '../store/settings.ts';
import { commandDefinitions } from './commands/index.ts';

/** The `app_meta` key holding the fingerprint of the commands last registered. */
export const COMMANDS_HASH_KEY = 'discord.commands.hash';
/** The `app_meta` key holding where they were registered: a guild id, or `global`. */
export const COMMANDS_SCOPE_KEY = 'discord.commands.scope';
/** The `app_meta` key holding a guild whose old commands are still to be removed. */
export const STALE_GUILD_KEY = 'discord.commands.staleGuild';

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
 *
 * When the scope moves away from a guild (to global, or to another guild),
 * the old guild's commands are removed (bulk overwrite with nothing), or the
 * members there would see every command twice. A removal that fails is
 * logged and tried again on the next start; one that Discord refuses for
 * good (the bot left that guild) is given up.
 */
export async function registerCommands(options: RegisterOptions): Promise<boolean> {
  const { rest, applicationId, guildId, db, log } = options;
  const definitions = options.definitions ?? commandDefinitions();
  const hash = commandsHash(definitions, applicationId, guildId);
  const scope = guildId ?? 'global';
  let registered = false;
  if (!options.force && (await getMeta(db, COMMANDS_HASH_KEY)) === hash) {
    log.info({ guildId: scope, commands: definitions.length }, 'commands unchanged');
    // Registered by a version that did not record the scope: it is this one.
    if ((await getMeta(db, COMMANDS_SCOPE_KEY)) === undefined) await setMeta(db, COMMANDS_SCOPE_KEY, scope);
  } else {
    const route =
      guildId === undefined
        ? Routes.applicationCommands(applicationId)
        : Routes.applicationGuildCommands(applicationId, guildId);
    await rest.put(route, { body: definitions });
    const previous = await getMeta(db, COMMANDS_SCOPE_KEY);
    await inTransaction(db, async (tx) => {
      if (previous !== undefined && previous !== 'global' && previous !== scope) {
        await setMeta(tx, STALE_GUILD_KEY, previous);
      }
      await setMeta(tx, COMMANDS_HASH_KEY, hash);
      await setMeta(tx, COMMANDS_SCOPE_KEY, scope);
    });
    log.info({ guildId: scope, commands: definitions.length }, 'commands registered');
    registered = true;
  }
  await removeStaleGuildCommands(rest, applicationId, scope, db, log);
  return registered;
}

/** Removes the commands left in a guild the bot no longer registers to; never throws. */
async function removeStaleGuildCommands(
  rest: REST,
  applicationId: string,
  scope: string,
  db: Db,
  log: Logger,
): Promise<void> {
  const stale = await getMeta(db, STALE_GUILD_KEY);
  if (stale === undefined || stale === '') return;
  if (stale === scope) {
    await setMeta(db, STALE_GUILD_KEY, '');
    return;
  }
  try {
    await rest.put(Routes.applicationGuildCommands(applicationId, stale), { body: [] });
    await setMeta(db, STALE_GUILD_KEY, '');
    log.info({ guildId: stale }, 'old guild commands removed');
  } catch (error) {
    // 403 Missing Access / 404 Unknown Guild: the bot is not there any more, and neither are its commands.
    const status = error instanceof DiscordAPIError ? error.status : undefined;
    const final = status === 403 || status === 404;
    if (final) await setMeta(db, STALE_GUILD_KEY, '');
    log.warn(
      { guildId: stale, err: error },
      final ? 'old guild commands could not be removed; given up' : 'old guild commands not removed yet',
    );
  }
}
