import type { APIApplicationCommand, APIApplicationCommandOption } from 'discord-api-types/v10';
import { ApplicationCommandType } from 'discord-api-types/v10';
import type { FakeContext } from './context.ts';
import type { JsonObject } from './directory.ts';
import { apiError, invalidFormBody, NO_CONTENT, ok, type Reply } from './http.ts';
import type { RouteContext, Router } from './router.ts';
import type { SnowflakeGenerator } from './snowflake.ts';

/** Scope key of global commands in {@link CommandStore}. */
const GLOBAL = 'global';
const CHAT_INPUT_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const MAX_DESCRIPTION_LENGTH = 100;

/** Application commands, global and per guild, as registered by the client. */
export class CommandStore {
  readonly #scopes = new Map<string, Map<string, APIApplicationCommand>>();
  readonly #ids: SnowflakeGenerator;
  readonly #applicationId: string;

  constructor(ids: SnowflakeGenerator, applicationId: string) {
    this.#ids = ids;
    this.#applicationId = applicationId;
  }

  /** Commands of a guild, or the global ones without `guildId`. */
  list(guildId?: string): APIApplicationCommand[] {
    return [...(this.#scopes.get(guildId ?? GLOBAL)?.values() ?? [])];
  }

  /** The command an interaction named `name` in the guild refers to: guild command first. */
  find(name: string, guildId: string): APIApplicationCommand | undefined {
    return (
      this.list(guildId).find((command) => command.name === name) ??
      this.list().find((command) => command.name === name)
    );
  }

  /** Replaces all commands of a scope (bulk overwrite); commands keep their id by name. */
  overwrite(guildId: string | undefined, bodies: JsonObject[]): APIApplicationCommand[] {
    const previous = this.#scopes.get(guildId ?? GLOBAL) ?? new Map<string, APIApplicationCommand>();
    const next = new Map(bodies.map((body) => [String(body.name), this.#build(guildId, body, previous)]));
    this.#scopes.set(guildId ?? GLOBAL, next);
    return [...next.values()];
  }

  /** Creates or replaces one command of a scope, by name. */
  upsert(guildId: string | undefined, body: JsonObject): APIApplicationCommand {
    const scope = this.#scopes.get(guildId ?? GLOBAL) ?? new Map<string, APIApplicationCommand>();
    const command = this.#build(guildId, body, scope);
    scope.set(command.name, command);
    this.#scopes.set(guildId ?? GLOBAL, scope);
    return command;
  }

  delete(guildId: string | undefined, commandId: string): boolean {
    const scope = this.#scopes.get(guildId ?? GLOBAL);
    const command = [...(scope?.values() ?? [])].find((c) => c.id === commandId);
    return command ? (scope?.delete(command.name) ?? false) : false;
  }

  #build(
    guildId: string | undefined,
    body: JsonObject,
    existing: ReadonlyMap<string, APIApplicationCommand>,
  ): APIApplicationCommand {
    const name = String(body.name);
    return {
      id: existing.get(name)?.id ?? this.#ids.next(),
      application_id: this.#applicationId,
      version: this.#ids.next(),
      type: (body.type as ApplicationCommandType | undefined) ?? ApplicationCommandType.ChatInput,
      name,
      name_localizations: (body.name_localizations as APIApplicationCommand['name_localizations']) ?? null,
      description: String(body.description ?? ''),
      description_localizations:
        (body.description_localizations as APIApplicationCommand['description_localizations']) ?? null,
      options: (body.options as APIApplicationCommandOption[] | undefined) ?? [],
      default_member_permissions: (body.default_member_permissions as string | null | undefined) ?? null,
      nsfw: Boolean(body.nsfw),
      contexts: (body.contexts as APIApplicationCommand['contexts']) ?? null,
      integration_types: (body.integration_types as APIApplicationCommand['integration_types']) ?? [0],
      ...(guildId === undefined ? {} : { guild_id: guildId }),
    };
  }
}

/** Returns the 400 Discord answers for an invalid command body, else undefined. */
function validateCommand(body: JsonObject): Reply | undefined {
  const chatInput = (body.type ?? ApplicationCommandType.ChatInput) === ApplicationCommandType.ChatInput;
  const name = typeof body.name === 'string' ? body.name : '';
  if (chatInput && (!CHAT_INPUT_NAME.test(name) || name !== name.toLowerCase())) {
    return invalidFormBody('name', 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
  }
  const description = typeof body.description === 'string' ? body.description : '';
  if (chatInput && (description.length < 1 || description.length > MAX_DESCRIPTION_LENGTH)) {
    return invalidFormBody('description', 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
  }
  return undefined;
}

/** `/applications/:app/commands` and `/applications/:app/guilds/:guild/commands`. */
export function registerApplicationRoutes(router: Router, context: FakeContext): void {
  for (const base of ['/applications/:appId/commands', '/applications/:appId/guilds/:guildId/commands']) {
    const scoped = (handle: (guildId: string | undefined, c: RouteContext) => Reply) => (c: RouteContext) =>
      withScope(context, c, base.includes(':guildId'), handle);
    router
      .on(
        'GET',
        base,
        scoped((guildId) => ok(context.commands.list(guildId))),
      )
      .on(
        'PUT',
        base,
        scoped((guildId, c) => overwriteCommands(context, guildId, c)),
      )
      .on(
        'POST',
        base,
        scoped((guildId, c) => createCommand(context, guildId, c)),
      )
      .on(
        'GET',
        `${base}/:commandId`,
        scoped((guildId, c) => getCommand(context, guildId, c)),
      )
      .on(
        'DELETE',
        `${base}/:commandId`,
        scoped((guildId, c) =>
          context.commands.delete(guildId, c.param('commandId')) ? NO_CONTENT : unknownCommand(),
        ),
      );
  }
}

function withScope(
  context: FakeContext,
  c: RouteContext,
  guildScoped: boolean,
  handle: (guildId: string | undefined, c: RouteContext) => Reply,
): Reply {
  if (c.param('appId') !== context.applicationId) return apiError(404, 10002, 'Unknown Application');
  if (!guildScoped) return handle(undefined, c);
  const guildId = c.param('guildId');
  return context.directory.guild(guildId) ? handle(guildId, c) : apiError(404, 10004, 'Unknown Guild');
}

function overwriteCommands(context: FakeContext, guildId: string | undefined, c: RouteContext): Reply {
  const bodies = c.request.body;
  if (!Array.isArray(bodies)) return invalidFormBody('_', 'BASE_TYPE_ARRAY', 'Must be an array.');
  for (const body of bodies as JsonObject[]) {
    const invalid = validateCommand(body);
    if (invalid) return invalid;
  }
  return ok(context.commands.overwrite(guildId, bodies as JsonObject[]));
}

function createCommand(context: FakeContext, guildId: string | undefined, c: RouteContext): Reply {
  const body = (c.request.body ?? {}) as JsonObject;
  return validateCommand(body) ?? ok(context.commands.upsert(guildId, body), 201);
}

function getCommand(context: FakeContext, guildId: string | undefined, c: RouteContext): Reply {
  const command = context.commands.list(guildId).find((cmd) => cmd.id === c.param('commandId'));
  return command ? ok(command) : unknownCommand();
}

function unknownCommand(): Reply {
  return apiError(404, 10063, 'Unknown application command');
}
