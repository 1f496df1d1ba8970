/** Names on the web: stored from Discord, looked up through the gateway when missing, kept fresh, never hammered. */
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.ts';
import { namesChangedAt, saveNames, storedNames } from '../../src/store/member-names.ts';
import { createNameSource } from '../../src/web/names.ts';
import { memoryDb } from '../support/db.ts';

const G = '100000000000000001';

describe('the name source of the web server', () => {
  it('without a gateway: the stored names only', async () => {
    const db = memoryDb();
    saveNames(db, G, new Map([['1', 'Alice']]), 1000);
    const names = createNameSource({ db, log: silentLogger(), clock: () => 2000 });
    expect([...(await names(G, ['1', '2']))]).toEqual([['1', 'Alice']]);
  });

  it('with a gateway: looks up the missing ones once, stores them, and does not ask again for those not found', async () => {
    const db = memoryDb();
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
    expect([...storedNames(db, G, ['1', '2', '3'])]).toEqual([
      ['1', 'Alice'],
      ['2', 'Bo'],
    ]);
    // A minute later: '3' (who left the server) is not asked for again; the others are stored.
    now += 60_000;
    await names(G, ['1', '2', '3']);
    expect(asked).toHaveLength(1);
    // Ten minutes on, a refresh: a renamed member is stored under the new name, and the feeds' ETag moves.
    const before = namesChangedAt(db, G);
    discord.set('2', 'Bo Li');
    now += 10 * 60_000;
    await names(G, ['1', '2', '3']);
    expect(asked).toHaveLength(2);
    expect(storedNames(db, G, ['2']).get('2')).toBe('Bo Li');
    expect(namesChangedAt(db, G)).toBeGreaterThan(before);
  });
});
