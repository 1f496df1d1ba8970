/**
 * Names for the web: the display names stored from Discord, and, in a
 * process with a gateway, those not stored yet looked up through it (briefly)
 * and stored for next time. Stored names are refreshed in the background at
 * most every few minutes per guild.
 */
import type { Logger } from '../log.ts';
import type { Names } from '../render/announcement.ts';
import type { Db } from '../store/db.ts';
import { saveNames, storedNames } from '../store/member-names.ts';

export type LookupNames = (guildId: string, ids: readonly string[]) => Promise<Names>;

const REFRESH_EVERY_MS = 10 * 60_000;

export function createNameSource(deps: {
  db: Db;
  log: Logger;
  clock: () => number;
  lookup?: (() => LookupNames | null) | undefined;
}) {
  const refreshedAt = new Map<string, number>();
  // Ids looked up and not found (members who left, say): not asked for again before the next refresh.
  const triedAt = new Map<string, number>();
  const fetchAndStore = async (lookup: LookupNames, guildId: string, ids: readonly string[]) => {
    const found = await lookup(guildId, ids);
    if (found.size > 0) await saveNames(deps.db, guildId, found, deps.clock());
    return found;
  };
  return async (guildId: string, ids: readonly string[]): Promise<Names> => {
    const names = await storedNames(deps.db, guildId, ids);
    const lookup = deps.lookup?.() ?? null;
    if (!lookup) return names;
    const now = deps.clock();
    const missing = ids.filter(
      (id) =>
        !names.has(id) && now - (triedAt.get(`${guildId}:${id}`) ?? -REFRESH_EVERY_MS) >= REFRESH_EVERY_MS,
    );
    for (const id of missing) triedAt.set(`${guildId}:${id}`, now);
    if (triedAt.size > 100_000) triedAt.clear();
    const due = now - (refreshedAt.get(guildId) ?? 0) >= REFRESH_EVERY_MS;
    if (due) refreshedAt.set(guildId, now);
    if (missing.length > 0) {
      // Someone is not named yet: look them up now (all of them, when a refresh is due anyway).
      try {
        for (const [id, name] of await fetchAndStore(lookup, guildId, due ? ids : missing))
          names.set(id, name);
      } catch (error) {
        deps.log.warn({ err: error, guildId }, 'member names not looked up');
      }
    } else if (due) {
      void fetchAndStore(lookup, guildId, ids).catch((error: unknown) =>
        deps.log.warn({ err: error, guildId }, 'member names not refreshed'),
      );
    }
    return names;
  };
}
