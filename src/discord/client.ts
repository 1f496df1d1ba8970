import { Client, GatewayIntentBits, type GuildMember, Options, REST, type User } from 'discord.js';
import { Agent } from 'undici';
import type { Config } from '../config.ts';
import type { ShardPlan } from '../shard-settings.ts';

/** What Podium needs: guilds and channels, messages in them, and their text (title capture). */
export const INTENTS = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildMessages,
  GatewayIntentBits.MessageContent,
] as const;

const isMe = (x: User | GuildMember) => x.id === x.client.user.id;

/**
 * The discord.js client: only the intents Podium needs, and caches bounded so
 * memory stays flat as guilds grow. Podium keeps its state in its database and never
 * reads messages back from the cache, so messages, reactions, presences and the
 * like are not cached at all; members and users are capped per guild and swept
 * every hour (the bot itself always stays). `apiBase` (`DISCORD_API_BASE`)
 * routes REST, and the gateway URL it returns, through a proxy.
 * Mentions default to none: every send also sets its own `allowedMentions`.
 * `shards` (`SHARD_COUNT`, `SHARD_IDS`) says which gateway shards this
 * process runs (README, "Running at scale").
 */
export function createClient(config: Pick<Config, 'apiBase' | 'shards'>): Client {
  return new Client({
    intents: [...INTENTS],
    ...shardOptions(config.shards ?? { count: 'auto' }),
    rest: restOptions(config),
    allowedMentions: { parse: [], repliedUser: false },
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 0,
      ReactionManager: 0,
      ReactionUserManager: 0,
      PresenceManager: 0,
      VoiceStateManager: 0,
      GuildEmojiManager: 0,
      BaseGuildEmojiManager: 0,
      GuildStickerManager: 0,
      GuildBanManager: 0,
      GuildInviteManager: 0,
      StageInstanceManager: 0,
      ThreadMemberManager: 0,
      AutoModerationRuleManager: 0,
      ApplicationCommandManager: 0,
      GuildMemberManager: { maxSize: 200, keepOverLimit: isMe },
      UserManager: { maxSize: 1000, keepOverLimit: isMe },
    }),
    sweepers: {
      ...Options.DefaultSweeperSettings,
      guildMembers: { interval: 3600, filter: () => (member: GuildMember) => !isMe(member) },
      users: { interval: 3600, filter: () => (user: User) => !isMe(user) },
    },
  });
}

/**
 * discord.js's shard options: `auto` runs as many shards as Discord
 * recommends (GET /gateway/bot) in this process; otherwise the listed ids of
 * `count` shards in all, the others run by other processes.
 */
export function shardOptions(plan: ShardPlan): { shards: 'auto' | number[]; shardCount?: number } {
  return plan.count === 'auto' ? { shards: 'auto' } : { shards: [...plan.ids], shardCount: plan.count };
}

/**
 * Discord's REST API alone, for a process that posts without a gateway (the
 * deliverer role on its own): the same token and `apiBase`, no gateway session.
 */
export function createRest(config: Pick<Config, 'apiBase'> & { token: string }): REST {
  return new REST(restOptions(config)).setToken(config.token);
}

/**
 * At most this many connections to Discord's REST API per client. Without a
 * limit, undici opens one per request in flight: a burst of 2,000
 * interactions answered at once opened up to 2,000 connections (in production,
 * 2,000 TLS handshakes with Discord), and after it the process kept about 10 MB
 * more (bench/README.md, "Discord end to end"). Requests beyond the limit wait
 * for a free connection; 128 answer well over 1,000 interactions a second at a
 * 100 ms round trip, and posts are held to Discord's 50 per second anyway.
 */
export const REST_CONNECTIONS = 128;

/** discord.js's REST options: `apiBase`, and a connection pool of {@link REST_CONNECTIONS}. */
function restOptions(config: Pick<Config, 'apiBase'>): { api?: string; agent: Agent } {
  return {
    ...(config.apiBase === undefined ? {} : { api: config.apiBase }),
    agent: new Agent({ connections: REST_CONNECTIONS }),
  };
}
