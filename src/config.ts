import { z } from 'zod';
import { ROLES, type Role, rolesSetting } from './roles/roles.ts';
import { type ShardPlan, shardCountSetting, shardIdsSetting, shardPlan } from './shard-settings.ts';

const snowflake = z.string().regex(/^\d{17,20}$/, 'must be a Discord id (17–20 digits)');
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const schema = z.object({
  DISCORD_TOKEN: z.preprocess(
    blankToUndefined,
    z.string().min(20, 'looks too short for a bot token').optional(),
  ),
  DISCORD_GUILD_ID: z.preprocess(blankToUndefined, snowflake.optional()),
  DATABASE_PATH: z.preprocess(blankToUndefined, z.string().default('./data/podium.db')),
  DATABASE_URL: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(
        /^postgres(ql)?:\/\/\S+$/,
        'must be a PostgreSQL URL, e.g. postgres://podium:secret@127.0.0.1:5432/podium (or unset for SQLite)',
      )
      .optional(),
  ),
  DATABASE_POOL_SIZE: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^[1-9]\d{0,2}$/, 'must be a number of connections from 1 to 999, e.g. 10')
      .transform(Number)
      .default(10),
  ),
  // Not blank-to-unset: `ROLES=` by mistake must not start every role.
  ROLES: rolesSetting.optional(),
  SHARD_COUNT: z.preprocess(blankToUndefined, shardCountSetting.optional()),
  SHARD_IDS: z.preprocess(blankToUndefined, shardIdsSetting.optional()),
  LOG_LEVEL: z.preprocess(
    blankToUndefined,
    z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  ),
  DISCORD_API_BASE: z.preprocess(blankToUndefined, z.url({ protocol: /^https?$/ }).optional()),
  PORT: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^\d{1,5}$/, 'must be a port number from 0 to 65535, e.g. 8080')
      .transform(Number)
      .refine((n) => n <= 65_535, 'must be a port number from 0 to 65535, e.g. 8080')
      .default(8080),
  ),
  HOST: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^[\w.:[\]-]+$/, 'must be an address to listen on, e.g. 127.0.0.1 or 0.0.0.0')
      .default('127.0.0.1'),
  ),
  PUBLIC_URL: z.preprocess(
    blankToUndefined,
    z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL, e.g. https://podium.example.org' })
      .optional(),
  ),
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
  const parsed = schema.safeParse(env);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  // The shard settings together, when each is valid on its own, whatever else is wrong.
  const shardSettings = schema.pick({ SHARD_COUNT: true, SHARD_IDS: true }).safeParse(env);
  const shards = shardSettings.success
    ? shardPlan(shardSettings.data.SHARD_COUNT, shardSettings.data.SHARD_IDS)
    : undefined;
  for (const p of shards?.problems ?? []) problems.push(`${p.setting}: ${p.message}`);
  if (!parsed.success || shards?.plan === undefined) throw new ConfigError(problems);
  const c = parsed.data;
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
