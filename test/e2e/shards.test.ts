/**
 * Two bots, each running one gateway shard of 2 over one database, as two
 * processes would: each guild's interactions and messages reach only the bot
 * holding its shard, and every piece of per-guild state is in the database,
 * so a guild served by one bot before a restart is served by another after.
 */
import { once } from 'node:events';
import { Events } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { nameLookup } from '../../src/discord/names.ts';
import type { Series } from '../../src/domain/model.ts';
import { meetingsAfter } from '../../src/store/meetings.ts';
import { slotsOfMeeting } from '../../src/store/slots.ts';
import { chatInput, type FakeDiscord, startFakeDiscord } from '../fake-discord/server.ts';
import { testDb } from '../support/db.ts';
import {
  ephemeral,
  type Harness,
  podiumGuild,
  seedSeries,
  settle,
  startHarness,
  stopHarnesses,
  textOf,
} from './harness.ts';

let fake: FakeDiscord | undefined;
afterEach(async () => {
  await stopHarnesses();
  await fake?.close();
  fake = undefined;
});

/** Discord's formula, written out here: the shard of `count` that gets a guild's events. */
const shardOf = (guildId: string, count: number) => Number((BigInt(guildId) >> 22n) % BigInt(count));

/** What a bot's client received, by kind and guild. */
function received(h: Harness): string[] {
  const seen: string[] = [];
  h.bot.client.on(Events.InteractionCreate, (i) => seen.push(`interaction ${i.guildId} ${i.id}`));
  h.bot.client.on(Events.MessageCreate, (m) => {
    if (!m.author.bot) seen.push(`message ${m.guildId} ${m.id}`);
  });
  return seen;
}

const callbacksOf = (f: FakeDiscord, interactionId: string) =>
  f.requestsMatching('POST', new RegExp(`^/interactions/${interactionId}/[^/]+/callback$`));

describe('two bots, one shard of 2 each', () => {
  it('answers each interaction once, from the bot holding the guild; captures titles there; and serves a guild from another bot after a restart', async () => {
    const guilds = [podiumGuild(0), podiumGuild(1)] as const;
    expect(guilds.map((g) => shardOf(g.id, 2))).toEqual([0, 1]);
    // One session may hold one guild: an unsharded bot would be refused (4011).
    // max_concurrency 2: a bot running both shards identifies them at once rather than 5 s apart.
    fake = await startFakeDiscord({ guilds: [...guilds], maxGuildsPerSession: 1, maxConcurrency: 2 });
    const db = await testDb();
    const bots = [
      await startHarness({ fake, db, guilds: [guilds[0], guilds[1]], shards: { count: 2, ids: [0] } }),
      await startHarness({ fake, db, guilds: [guilds[1], guilds[0]], shards: { count: 2, ids: [1] } }),
    ] as const;
    const seen = [received(bots[0]), received(bots[1])] as const;
    const series: Series[] = [];
    for (const [index, h] of bots.entries()) {
      expect([...h.bot.client.guilds.cache.keys()]).toEqual([guilds[index]?.id]);
      series.push(await seedSeries(h, { topics: true }));
    }

    // Interactions: each answered once, by the bot of its guild's shard.
    const asked = bots.map((h) => h.run('meeting', 'show'));
    for (const handle of asked) expect(await ephemeral(handle)).toContain('Kernel SIG');
    const released = bots[1].run('slot', 'release', {}, { user: bots[1].members[0] });
    expect(await ephemeral(released)).toContain('You gave up your slot');
    for (const handle of [...asked, released]) expect(callbacksOf(fake, handle.id)).toHaveLength(1);
    expect(seen[0]).toEqual([`interaction ${guilds[0].id} ${asked[0]?.id}`]);
    expect(seen[1]).toEqual([
      `interaction ${guilds[1].id} ${asked[1]?.id}`,
      `interaction ${guilds[1].id} ${released.id}`,
    ]);

    // Title capture: the message reaches only its guild's bot, which reacts and stores the title.
    const [h0] = bots;
    const message = fake.sendMessage({
      guildId: guilds[0].id,
      channelId: h0.channels.topics,
      author: h0.members[0],
      content: 'Sharding the gateway',
    });
    await fake.waitForRequest(
      (r) =>
        r.method === 'PUT' &&
        r.path === `/channels/${h0.channels.topics}/messages/${message.id}/reactions/✅/@me`,
    );
    expect(seen[0]).toContain(`message ${guilds[0].id} ${message.id}`);
    expect(seen[1].filter((s) => s.startsWith('message'))).toEqual([]);
    const [first] = await meetingsAfter(db, series[0]?.id ?? 0, h0.clock.now);
    expect(first && (await slotsOfMeeting(db, first.id)).map((s) => s.title)).toContain(
      'Sharding the gateway',
    );

    // The release notice went out once, whichever bot delivered it.
    await Promise.all(bots.map(settle));
    const notices = fake
      .messages(bots[1].channels.meetings)
      .filter((m) => /can no longer present/.test(textOf(m)));
    expect(notices).toHaveLength(1);

    // Restart: one bot now runs both shards; guild 1's state, kept in the database, is intact.
    await stopHarnesses();
    const both = await startHarness({
      fake,
      db,
      guilds: [guilds[1], guilds[0]],
      shards: { count: 2, ids: [0, 1] },
    });
    expect([...both.bot.client.guilds.cache.keys()].sort()).toEqual(guilds.map((g) => g.id).sort());
    expect(await ephemeral(both.run('meeting', 'schedule'))).toContain('open slot');
    const shown = await ephemeral(
      fake.sendInteraction({
        ...chatInput('topic', 'list'),
        guildId: guilds[0].id,
        channelId: h0.channels.meetings,
        user: h0.owner,
      }),
    );
    expect(shown).toContain('Sharding the gateway');
    expect(fake.gatewayStats).toMatchObject({ identifies: 4, refusedIdentifies: 0 });
  });

  it('names members of a guild held by the other bot over REST, so the event mirror reads the same from either', async () => {
    const guilds = [podiumGuild(0), podiumGuild(1)] as const;
    fake = await startFakeDiscord({ guilds: [...guilds], maxGuildsPerSession: 1 });
    const h0 = await startHarness({ fake, guilds: [guilds[0], guilds[1]], shards: { count: 2, ids: [0] } });
    expect(h0.bot.client.guilds.cache.has(guilds[1].id)).toBe(false);
    const [member] = guilds[1].members.slice(2);
    const names = await nameLookup(h0.bot.client)(guilds[1].id, [member?.id ?? '']);
    expect([...names.values()]).toEqual([member?.globalName]);
    expect(
      fake.requestsMatching('GET', new RegExp(`^/guilds/${guilds[1].id}/members/${member?.id}$`)),
    ).toHaveLength(1);
  });

  it('after dropped connections each bot resumes its own shard and answers what was sent meanwhile, once', async () => {
    const guilds = [podiumGuild(0), podiumGuild(1)] as const;
    fake = await startFakeDiscord({ guilds: [...guilds], maxGuildsPerSession: 1 });
    const db = await testDb();
    const bots = [
      await startHarness({ fake, db, guilds: [guilds[0], guilds[1]], shards: { count: 2, ids: [0] } }),
      await startHarness({ fake, db, guilds: [guilds[1], guilds[0]], shards: { count: 2, ids: [1] } }),
    ] as const;
    for (const h of bots) await seedSeries(h);
    const seen = [received(bots[0]), received(bots[1])] as const;
    const resumed = bots.map((h) => once(h.bot.client, Events.ShardResume));
    expect(fake.dropConnection()).toBe(2);
    const during = bots.map((h) => h.run('meeting', 'show')); // dispatched while disconnected
    expect((await Promise.all(resumed)).map(([shardId]) => shardId)).toEqual([0, 1]);
    for (const handle of during) {
      expect(await ephemeral(handle)).toContain('Kernel SIG');
      expect(callbacksOf(fake, handle.id)).toHaveLength(1);
    }
    expect(seen[0]).toEqual([`interaction ${guilds[0].id} ${during[0]?.id}`]);
    expect(seen[1]).toEqual([`interaction ${guilds[1].id} ${during[1]?.id}`]);
    expect(fake.gatewayStats).toMatchObject({ identifies: 2, resumes: 2 });
  });
});
