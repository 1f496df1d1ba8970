/** Names on the web: stored from Discord, looked up through the gateway when missing, kept fresh, never hammered. */
import { describe, expect, it } from 'vitest';
import { createRest } from '../../src/discord/client.ts';
import { restNameLookup } from '../../src/discord/names.ts';
import { silentLogger } from '../../src/log.ts';
import { namesChangedAt, saveNames, storedNames } from '../../src/store/member-names.ts';
import { createNameSource } from '../../src/web/names.ts';
import { podiumGuild } from '../e2e/harness.ts';
import { startFakeDiscord } from '../fake-discord/server.ts';
import { testDb } from '../support/db.ts';

const G = '100000000000000001';

describe('the name source of the web server', () => {
  it('without a gateway: the stored names only', async () => {
    const db = await testDb();
    await saveNames(db, G, new Map([['1', 'Alice']]), 1000);
    const names = createNameSource({ db, log: silentLogger(), clock: () => 2000 });
    expect([...(await names(G, ['1', '2']))]).toEqual([['1', 'Alice']]);
  });

  it('with a gateway: looks up the missing ones once, stores them, and does not ask again for those not found', async () => {
    const db = await testDb();
    let now = 10_000_000;
    const asked: string[][] = [];
    const discord = new Map([
      ['1', 'Alice'],
      ['2', 'Bo'],
    ]);
    const names = createNameSource({
      db,
      log: silentLogger(),
      clock: () => now,
      lookup: () => async (_guild, ids) => {
        asked.push([...ids]);
        return new Map(ids.flatMap((id) => (discord.has(id) ? [[id, discord.get(id)!] as const] : [])));
      },
    });
    expect([...(await names(G, ['1', '2', '3']))]).toEqual([
      ['1', 'Alice'],
      ['2', 'Bo'],
    ]);
    expect(asked).toEqual([['1', '2', '3']]);
    expect([...(await storedNames(db, G, ['1', '2', '3']))]).toEqual([
      ['1', 'Alice'],
      ['2', 'Bo'],
    ]);
    // A minute later: '3' (who left the server) is not asked for again; the others are stored.
    now += 60_000;
    await names(G, ['1', '2', '3']);
    expect(asked).toHaveLength(1);
    // Ten minutes on, a refresh: a renamed member is stored under the new name, and the feeds' ETag moves.
    const before = await namesChangedAt(db, G);
    discord.set('2', 'Bo Li');
    now += 10 * 60_000;
    await names(G, ['1', '2', '3']);
    expect(asked).toHaveLength(2);
    expect((await storedNames(db, G, ['2'])).get('2')).toBe('Bo Li');
    expect(await namesChangedAt(db, G)).toBeGreaterThan(before);
  });

  it('in a process without the gateway role (ROLES=web with a token): looks names up over REST alone', async () => {
    const guild = podiumGuild(0);
    const fake = await startFakeDiscord({ guilds: [guild] });
    try {
      const db = await testDb();
      const rest = createRest({ apiBase: fake.apiBase, token: 'web-only-token'.padEnd(40, 'x') });
      const names = createNameSource({
        db,
        log: silentLogger(),
        clock: () => 1000,
        lookup: () => restNameLookup(rest),
      });
      const [a, b] = guild.members;
      const found = await names(guild.id, [a!.id, b!.id, '999999999999999999']);
      expect([...found.keys()].sort()).toEqual([a!.id, b!.id].sort());
      expect(found.get(a!.id)).toBe(a!.globalName ?? a!.username);
      expect(fake.requestsMatching('GET', /^\/guilds\/\d+\/members\/\d+$/)).toHaveLength(3);
      expect(fake.gatewayStats.connections).toBe(0);
      expect((await storedNames(db, guild.id, [a!.id])).get(a!.id)).toBe(found.get(a!.id));
    } finally {
      await fake.close();
    }
  });
});
