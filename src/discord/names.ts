import { type Client, type Guild, type REST, Routes } from 'discord.js';
import type { APIGuildMember } from 'discord-api-types/v10';
import type { Names } from '../render/announcement.ts';

const FETCH_BUDGET_MS = 1000;
const MAX_FETCHES = 10;
/** Discord takes at most 100 user ids in one request for guild members. */
const IDS_PER_REQUEST = 100;

/** Waits for `work`, but no longer than `ms`; what `work` found by then is what counts. */
async function within(ms: number, work: Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const budget = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  await Promise.race([work.catch(() => undefined), budget]);
  clearTimeout(timer);
}

/** The names in the member cache, and the ids not found there. */
function fromCache(
  guild: Guild | null,
  ids: readonly string[],
): { names: Map<string, string>; missing: string[] } {
  const names = new Map<string, string>();
  const missing: string[] = [];
  for (const id of new Set(ids)) {
    const member = guild?.members.cache.get(id);
    if (member) names.set(id, member.displayName);
    else missing.push(id);
  }
  return { names, missing };
}

/** Fetches a few members one by one (REST), recording their names as they come. */
function fetchEach(guild: Guild, ids: readonly string[], names: Map<string, string>): Promise<unknown> {
  return Promise.all(
    ids.slice(0, MAX_FETCHES).map((id) =>
      guild.members.fetch(id).then(
        (member) => names.set(id, member.displayName),
        () => undefined,
      ),
    ),
  );
}

/** Display names of members: from the cache, else fetched (a few, briefly), else none. */
export async function displayNames(
  guild: Guild | null,
  ids: readonly string[],
): Promise<Map<string, string>> {
  const { names, missing } = fromCache(guild, ids);
  if (guild && missing.length > 0) await within(FETCH_BUDGET_MS, fetchEach(guild, missing, names));
  return new Map(names);
}

/**
 * Display names of many members at once, for exports, calendars and forms:
 * the cache first, then the missing ones requested in bulk through the gateway
 * (100 ids a request), else one by one over REST for a few; all within
 * `budgetMs`. Whoever is not found by then is left out (renderers fall back to
 * `<@id>`).
 */
export async function memberNames(
  guild: Guild | null,
  ids: readonly string[],
  budgetMs = 1500,
): Promise<Map<string, string>> {
  const { names, missing } = fromCache(guild, ids);
  if (!guild || missing.length === 0) return names;
  const found = new Map<string, string>();
  // The bulk request gives up early enough to leave time for the fallback.
  const bulkTime = Math.floor(budgetMs * 0.6);
  const bulk = async () => {
    for (let i = 0; i < missing.length; i += IDS_PER_REQUEST) {
      const members = await guild.members.fetch({
        user: missing.slice(i, i + IDS_PER_REQUEST),
        time: bulkTime,
      });
      for (const member of members.values()) found.set(member.id, member.displayName);
    }
  };
  // A refused bulk request (e.g. rate limited) falls back to a few single fetches.
  await within(
    budgetMs,
    bulk().catch(() =>
      fetchEach(
        guild,
        missing.filter((id) => !found.has(id)),
        found,
      ),
    ),
  );
  for (const [id, name] of found) names.set(id, name);
  return names;
}

/**
 * Display names from REST alone (a few, briefly), for a guild this process
 * does not hold: with shards split over processes, the deliverer posts for
 * guilds whose gateway shard another process runs.
 */
async function restNames(rest: Pick<REST, 'get'>, guildId: string, ids: readonly string[]): Promise<Names> {
  const names = new Map<string, string>();
  const fetches = [...new Set(ids)].slice(0, MAX_FETCHES).map(async (id) => {
    const member = (await rest.get(Routes.guildMember(guildId, id))) as APIGuildMember;
    const name = member.nick ?? member.user.global_name ?? member.user.username;
    names.set(id, name);
  });
  await within(FETCH_BUDGET_MS, Promise.allSettled(fetches));
  return new Map(names);
}

/**
 * Names for text that leaves Discord (events, announcements, exports), looked
 * up through the client: its cache for guilds of this process's shards, else REST.
 */
export function nameLookup(client: Client): (guildId: string, ids: readonly string[]) => Promise<Names> {
  return (guildId, ids) => {
    const guild = client.guilds.cache.get(guildId);
    return guild ? displayNames(guild, ids) : restNames(client.rest, guildId, ids);
  };
}

/** Names for text that leaves Discord, from REST alone: a process without a gateway (the deliverer on its own). */
export function restNameLookup(
  rest: Pick<REST, 'get'>,
): (guildId: string, ids: readonly string[]) => Promise<Names> {
  return (guildId, ids) => restNames(rest, guildId, ids);
}
