import type { FakeContext } from './context.ts';
import { channelObject, type GuildState, guildObject, memberObject, roleObjects } from './directory.ts';
import { apiError, ok, type Reply } from './http.ts';
import type { RouteContext, Router } from './router.ts';

const DEFAULT_MEMBER_LIST_LIMIT = 1;
/** Discord's `session_start_limit.total` for most bots: 1,000 IDENTIFYs a day. */
const SESSION_STARTS_PER_DAY = 1000;

/** `/guilds/:id`, its channels, roles and members. */
export function registerGuildRoutes(router: Router, context: FakeContext): void {
  const base = '/guilds/:guildId';
  router
    .on('GET', base, (c) => withGuild(context, c, (guild) => ok(guildWithCounts(guild, c))))
    .on('GET', `${base}/channels`, (c) =>
      withGuild(context, c, (guild) =>
        ok(guild.fixture.channels.map((channel, index) => channelObject(guild, channel, index))),
      ),
    )
    .on('GET', `${base}/roles`, (c) => withGuild(context, c, (guild) => ok(roleObjects(guild))))
    .on('GET', `${base}/members`, (c) => withGuild(context, c, (guild) => listMembers(guild, c)))
    .on('GET', `${base}/members/:userId`, (c) =>
      withGuild(context, c, (guild) => {
        const member = guild.members.get(c.param('userId'));
        return member ? ok(memberObject(member)) : apiError(404, 10007, 'Unknown Member');
      }),
    );
}

/**
 * `/gateway`, `/gateway/bot` (with the recommended shard count and the session start limit,
 * whose `remaining` counts this fake's IDENTIFYs), `/users/@me` and `/applications/@me`.
 */
export function registerSessionRoutes(router: Router, context: FakeContext): void {
  const gateway = () => ({ url: context.gatewayUrl() });
  router
    .on('GET', '/gateway', () => ok(gateway()))
    .on('GET', '/gateway/bot', () =>
      ok({
        ...gateway(),
        shards: context.sharding.recommendedShards(),
        session_start_limit: {
          total: SESSION_STARTS_PER_DAY,
          remaining: Math.max(0, SESSION_STARTS_PER_DAY - context.gateway.stats.identifies),
          reset_after: 86_400_000,
          max_concurrency: context.sharding.maxConcurrency,
        },
      }),
    )
    .on('GET', '/users/@me', () => ok({ ...context.directory.botUser, bot: true, verified: true, flags: 0 }))
    .on('GET', '/applications/@me', () =>
      ok({
        id: context.applicationId,
        name: context.directory.botUser.username,
        description: '',
        icon: null,
        bot_public: true,
        bot_require_code_grant: false,
        flags: 0,
        verify_key: '0'.repeat(64),
        bot: context.directory.botUser,
      }),
    );
}

/** Runs `handle` with the guild named in the path, or answers Unknown Guild. */
export function withGuild(
  context: FakeContext,
  c: RouteContext,
  handle: (guild: GuildState) => Reply,
): Reply {
  const guild = context.directory.guild(c.param('guildId'));
  return guild ? handle(guild) : apiError(404, 10004, 'Unknown Guild');
}

function guildWithCounts(guild: GuildState, c: RouteContext): object {
  if (c.request.query.with_counts !== 'true') return guildObject(guild);
  return {
    ...guildObject(guild),
    approximate_member_count: guild.members.size,
    approximate_presence_count: 0,
  };
}

/** `GET /guilds/:id/members?limit&after`: members ordered by id. */
function listMembers(guild: GuildState, c: RouteContext): Reply {
  const limit = Number(c.request.query.limit ?? DEFAULT_MEMBER_LIST_LIMIT);
  const after = BigInt(c.request.query.after ?? '0');
  const members = [...guild.members.values()]
    .filter((member) => BigInt(member.id) > after)
    .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1))
    .slice(0, limit);
  return ok(members.map(memberObject));
}
