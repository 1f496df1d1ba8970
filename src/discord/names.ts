import type { Client, Guild } from 'discord.js';
import type { Names } from '../render/announcement.ts';

const FETCH_BUDGET_MS = 1000;
const MAX_FETCHES = 10;

/** Display names of members: from the cache, else fetched (a few, briefly), else none. */
export async function displayNames(
  guild: Guild | null,
  ids: readonly string[],
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const missing: string[] = [];
  for (const id of new Set(ids)) {
    const member = guild?.members.cache.get(id);
    if (member) names.set(id, member.displayName);
    else missing.push(id);
  }
  if (guild && missing.length > 0) {
    let timer: NodeJS.Timeout | undefined;
    const budget = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, FETCH_BUDGET_MS);
    });
    const fetches = missing.slice(0, MAX_FETCHES).map((id) =>
      guild.members.fetch(id).then(
        (member) => names.set(id, member.displayName),
        () => undefined,
      ),
    );
    await Promise.race([Promise.all(fetches), budget]);
    clearTimeout(timer);
  }
  return names;
}

/** Names for text that leaves Discord (events, announcements, exports), looked up through the client. */
export function nameLookup(client: Client): (guildId: string, ids: readonly string[]) => Promise<Names> {
  return (guildId, ids) => displayNames(client.guilds.cache.get(guildId) ?? null, ids);
}
