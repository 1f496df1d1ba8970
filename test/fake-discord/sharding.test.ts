/** The fake gateway shards like Discord: each guild's events go to the session of its shard only. */
import { once } from 'node:events';
import {
  Client,
  type ClientOptions,
  Events,
  GatewayIntentBits,
  type Interaction,
  type Message,
} from 'discord.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import {
  chatInput,
  type FakeDiscord,
  type FakeDiscordOptions,
  makeGuilds,
  startFakeDiscord,
} from './server.ts';

const INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent];
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startFake(options: FakeDiscordOptions): Promise<FakeDiscord> {
  const fake = await startFakeDiscord(options);
  cleanups.push(() => fake.close());
  return fake;
}

async function connect(fake: FakeDiscord, options: Partial<ClientOptions>): Promise<Client> {
  const client = new Client({ intents: INTENTS, ...options, rest: { api: fake.apiBase } });
  cleanups.push(() => client.destroy());
  const ready = once(client, Events.ClientReady);
  await client.login('fake.bot.token');
  await ready;
  return client;
}

/** Discord's formula, written out here so the fake is checked against it. */
const shardOfGuild = (guildId: string, count: number) => Number((BigInt(guildId) >> 22n) % BigInt(count));

/** The close code the fake gateway answers an IDENTIFY with `shard` (or READY: 0). */
async function identifyWith(fake: FakeDiscord, shard: unknown): Promise<number> {
  const socket = new WebSocket(
    `${fake.apiBase.replace(/^http/, 'ws').replace(/\/api$/, '')}/gateway?v=10&encoding=json`,
  );
  cleanups.push(async () => socket.terminate());
  const outcome = new Promise<number>((resolve) => {
    socket.on('message', (raw) => {
      const payload = JSON.parse(String(raw)) as { op: number; t?: string };
      if (payload.op === 10) {
        socket.send(
          JSON.stringify({
            op: 2,
            d: { token: 't', intents: 1, properties: {}, ...(shard === undefined ? {} : { shard }) },
          }),
        );
      }
      if (payload.t === 'READY') resolve(0);
    });
    socket.on('close', (code) => resolve(code));
  });
  return outcome;
}

describe('fake Discord sharding', () => {
  it('gives each of two shard sessions only the guilds, interactions and messages of its shard', async () => {
    const guilds = makeGuilds(6);
    const fake = await startFake({ guilds });
    const clients = [
      await connect(fake, { shards: [0], shardCount: 2 }),
      await connect(fake, { shards: [1], shardCount: 2 }),
    ] as const;
    const received = clients.map((client) => {
      const seen: string[] = [];
      client.on(Events.InteractionCreate, (interaction: Interaction) => {
        seen.push(`interaction ${interaction.guildId}`);
        if (interaction.isChatInputCommand()) void interaction.reply('ok');
      });
      client.on(Events.MessageCreate, (message: Message) => {
        if (!message.author.bot) seen.push(`message ${message.guildId}`);
      });
      return seen;
    });

    for (const [index, client] of clients.entries()) {
      const mine = guilds.filter((g) => shardOfGuild(g.id, 2) === index).map((g) => g.id);
      expect(mine.length).toBeGreaterThan(0);
      expect([...client.guilds.cache.keys()].sort()).toEqual(mine.sort());
    }
    for (const guild of guilds) {
      await fake.sendInteraction({ ...chatInput('ping'), guildId: guild.id }).response;
      fake.sendMessage({ guildId: guild.id, content: 'hello' });
    }
    await vi.waitFor(() => expect(received.flat()).toHaveLength(guilds.length * 2));
    for (const [index, seen] of received.entries()) {
      const mine = guilds.filter((g) => shardOfGuild(g.id, 2) === index);
      expect(seen.sort()).toEqual(mine.flatMap((g) => [`interaction ${g.id}`, `message ${g.id}`]).sort());
    }
    expect(fake.gatewaySessions().map((s) => s.shard)).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(fake.requestsMatching('POST', /\/callback$/)).toHaveLength(guilds.length);
  });

  it('recommends a shard count in GET /gateway/bot, and discord.js with shards: auto runs that many', async () => {
    const small = await startFake({ guilds: makeGuilds(3) });
    const info = async (fake: FakeDiscord) =>
      (await (await fetch(`${fake.apiBase}/v10/gateway/bot`)).json()) as {
        shards: number;
        session_start_limit: { total: number; remaining: number; max_concurrency: number };
      };
    expect(await info(small)).toMatchObject({
      shards: 1,
      session_start_limit: { total: 1000, remaining: 1000, max_concurrency: 1 },
    });
    expect((await info(await startFake({ guilds: makeGuilds(2001, 1) }))).shards).toBe(3);

    const guilds = makeGuilds(4);
    const fake = await startFake({ guilds, recommendedShards: 2, maxConcurrency: 2 });
    expect((await info(fake)).session_start_limit.max_concurrency).toBe(2);
    const client = await connect(fake, { shards: 'auto' });
    expect([...client.ws.shards.keys()].sort()).toEqual([0, 1]);
    expect(client.options.shardCount).toBe(2);
    expect(client.guilds.cache.size).toBe(4);
    expect(fake.gatewaySessions().map((s) => s.guildIds.length)).toEqual([2, 2]);
    expect((await info(fake)).session_start_limit.remaining).toBe(998);
  });

  it('closes an invalid shard with 4010 and a session that would hold too many guilds with 4011', async () => {
    const fake = await startFake({ guilds: makeGuilds(4), maxGuildsPerSession: 2 });
    for (const shard of [[2, 2], [0, 0], [-1, 2], [0.5, 2], [0], 'x']) {
      expect(await identifyWith(fake, shard), JSON.stringify(shard)).toBe(4010);
    }
    expect(await identifyWith(fake, undefined)).toBe(4011); // one session for 4 guilds
    expect(await identifyWith(fake, [0, 1])).toBe(4011);
    expect(await identifyWith(fake, [1, 2])).toBe(0); // 2 guilds: allowed
    expect(fake.gatewayStats).toMatchObject({ identifies: 1, refusedIdentifies: 8 });
  });
});
