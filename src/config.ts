import * as v from 'valibot';
import { ROLES, type Role, rolesSetting } from './roles/roles.ts';
import { type ShardPlan, shardCountSetting, shardIdsSetting, shardPlan } from './shard-settings.ts';

const snowflake = v.pipe(v.string(), v.regex(/^\d{17,20}$/, 'must be a Discord id (17–20 digits)'));
const blankToUndefined = (s: unknown) => (typeof s === 'string' && s.trim() === '' ? undefined : s);

/**
 * A setting that counts as unset when blank (`DISCORD_TOKEN=` in a .env file):
 * `schema` then reads undefined, and gives its default if it has one. The
 * outer default makes an absent setting go through `schema` as a blank one
 * (valibot's objects would otherwise skip it, default and all).
 */
const unsetIfBlank = <T>(schema: v.GenericSchema<string | undefined, T>) =>
  v.optional(v.pipe(v.unknown(), v.transform(blankToUndefined), schema), '');

/**
 * An http(s) URL, as it was read before (zod's `z.url({ protocol: /^https?$/ })`):
 * trimmed, starting with `http://` or `https://` and parsed by `URL`; read as
 * written, without its tabs and line breaks (which `URL` ignores).
 */
const httpUrl = (message: string) =>
  v.pipe(
    v.string(),
    v.check((s) => /^https?:\/\//i.test(s.trim()) && URL.canParse(s.trim()), message),
    v.transform((s) => s.trim().replace(/[\t\n\r]/g, '')),
  );

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

const schema = v.object({
  DISCORD_TOKEN: unsetIfBlank(
    v.optional(v.pipe(v.string(), v.minLength(20, 'looks too short for a bot token'))),
  ),
  DISCORD_GUILD_ID: unsetIfBlank(v.optional(snowflake)),
  DATABASE_PATH: unsetIfBlank(v.optional(v.string(), './data/podium.db')),
  DATABASE_URL: unsetIfBlank(
    v.optional(
      v.pipe(
        v.string(),
        v.regex(
          /^postgres(ql)?:\/\/\S+$/,
          'must be a PostgreSQL URL, e.g. postgres://podium:secret@127.0.0.1:5432/podium (or unset for SQLite)',
        ),
      ),
    ),
  ),
  // A default goes through the schema (valibot's `optional`): written as the setting would be.
  DATABASE_POOL_SIZE: unsetIfBlank(
    v.optional(
      v.pipe(
        v.string(),
        v.regex(/^[1-9]\d{0,2}$/, 'must be a number of connections from 1 to 999, e.g. 10'),
        v.transform(Number),
      ),
      '10',
    ),
  ),
  // Not blank-to-unset: `ROLES=` by mistake must not start every role.
  ROLES: v.optional(rolesSetting),
  SHARD_COUNT: unsetIfBlank(v.optional(shardCountSetting)),
  SHARD_IDS: unsetIfBlank(v.optional(shardIdsSetting)),
  LOG_LEVEL: unsetIfBlank(
    v.optional(
      // zod's message, as before.
      v.picklist(LOG_LEVELS, `Invalid option: expected one of ${LOG_LEVELS.map((l) => `"${l}"`).join('|')}`),
      'info',
    ),
  ),
  DISCORD_API_BASE: unsetIfBlank(v.optional(httpUrl('Invalid URL'))),
  PORT: unsetIfBlank(
    v.optional(
      v.pipe(
        v.string(),
        v.regex(/^\d{1,5}$/, 'must be a port number from 0 to 65535, e.g. 8080'),
        v.transform(Number),
        v.check((n) => n <= 65_535, 'must be a port number from 0 to 65535, e.g. 8080'),
      ),
      '8080',
    ),
  ),
  HOST: unsetIfBlank(
    v.optional(
      v.pipe(
        v.string(),
        v.regex(/^[\w.:[\]-]+$/, 'must be an address to listen on, e.g. 127.0.0.1 or 0.0.0.0'),
      ),
      '127.0.0.1',
    ),
  ),
  PUBLIC_URL: unsetIfBlank(v.optional(httpUrl('must be an http(s) URL, e.g. https://podium.example.org'))),
});

export interface Config {
  token: string | undefined;
  guildId: string | undefined;
  databasePath: string;
  /** PostgreSQL instead of the SQLite file when set (`DATABASE_URL`). */
  databaseUrl: string | undefined;
  /** Connections this process keeps to PostgreSQL (`DATABASE_POOL_SIZE`). */
  databasePoolSize: number;
  /** What this process runs (`ROLES`); all of them by default. */
  roles: readonly Role[];
  /** Gateway shards this process runs (`SHARD_COUNT`, `SHARD_IDS`); unset: `auto`, all in this process. */
  shards?: ShardPlan;
  logLevel: string;
  /** Base URL of a Discord REST/gateway proxy, passed to discord.js as `rest.api`. */
  apiBase: string | undefined;
  /** The web server (season pages, feeds, health, metrics): where it listens, and the base of the links it hands out. */
  web: { port: number; host: string; publicUrl: string | undefined };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Podium's settings have problems:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee .env.example for every setting.`,
    );
    this.name = 'ConfigError';
  }
}

/** Reads the environment once, against the schema; a readable list of every problem if anything is wrong. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  // Every issue of every setting: valibot stops at the first only with `abortEarly`.
  const parsed = v.safeParse(schema, env);
  const problems = parsed.success ? [] : parsed.issues.map((i) => `${v.getDotPath(i) ?? ''}: ${i.message}`);
  // The shard settings together, when each is valid on its own, whatever else is wrong.
  const shardSettings = v.safeParse(v.pick(schema, ['SHARD_COUNT', 'SHARD_IDS']), env);
  const shards = shardSettings.success
    ? shardPlan(shardSettings.output.SHARD_COUNT, shardSettings.output.SHARD_IDS)
    : undefined;
  for (const p of shards?.problems ?? []) problems.push(`${p.setting}: ${p.message}`);
  if (!parsed.success || shards?.plan === undefined) throw new ConfigError(problems);
  const c = parsed.output;
  return {
    token: c.DISCORD_TOKEN,
    guildId: c.DISCORD_GUILD_ID,
    shards: shards.plan,
    databasePath: c.DATABASE_PATH,
    databaseUrl: c.DATABASE_URL,
    databasePoolSize: c.DATABASE_POOL_SIZE,
    roles: c.ROLES ?? [...ROLES],
    logLevel: c.LOG_LEVEL,
    apiBase: c.DISCORD_API_BASE?.replace(/\/+$/, ''),
    web: {
      port: c.PORT,
      host: c.HOST,
      // Unset: the address the server listens on (with the real port when PORT=0).
      publicUrl: c.PUBLIC_URL?.replace(/\/+$/, ''),
    },
  };
}
