import { REST } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { DiscordPoster } from '../../src/poster/discord-poster.ts';
import type { Post } from '../../src/poster/poster.ts';
import { SendError } from '../../src/poster/poster.ts';
import { payload } from '../../src/render/payload.ts';
import { outboxOfSeries } from '../../src/store/outbox.ts';
import { type FakeDiscord, startFakeDiscord } from '../fake-discord/server.ts';
import { at } from '../support/db.ts';
import { podiumGuild, posts, seedSeries, settle, startHarness, stopHarnesses, TZ } from './harness.ts';

const fakes: FakeDiscord[] = [];
afterEach(async () => {
  await stopHarnesses();
  for (const fake of fakes.splice(0)) await fake.close();
});

describe('the scheduler through the real client', () => {
  it('posts a due reminder with its outbox row as nonce and enforce_nonce, once', async () => {
    const h = await startHarness();
    const series = await seedSeries(h);
    const [m0, m1] = h.members;
    const row = (await outboxOfSeries(h.db, series.id)).find((r) => r.kind === 'title_request')!;
    expect(row.channelId).toBe(h.channels.meetings);
    await settle(h); // the scheduled events of the first meetings

    h.clock.now = at('2024-07-30 21:01', TZ);
    const report = await h.bot.scheduler.tick();
    expect(report.sent).toBe(1);
    const post = posts(h.fake, h.channels.meetings)[0]!;
    expect(post.body).toMatchObject({
      nonce: String(row.id),
      enforce_nonce: true,
      allowed_mentions: { parse: [], users: [m0, m1], roles: [] },
    });
    expect((post.body as { content: string }).content).toContain('time to share your talk titles');
    const stored = (await outboxOfSeries(h.db, series.id)).find((r) => r.id === row.id)!;
    expect(stored.state).toBe('sent');
    expect(stored.messageId).toBe(h.fake.messages(h.channels.meetings)[0]?.id);

    await h.bot.scheduler.tick();
    expect(posts(h.fake, h.channels.meetings)).toHaveLength(1);
  });
});

describe('the Discord poster', () => {
  async function poster(rest: Partial<ConstructorParameters<typeof REST>[0]> = {}) {
    const guild = podiumGuild();
    const fake = await startFakeDiscord({ guilds: [guild] });
    fakes.push(fake);
    const client = new REST({ api: fake.apiBase, retries: 0, timeout: 200, ...rest }).setToken(
      'fake.bot.token',
    );
    return { fake, channelId: guild.channels[1]!.id, poster: new DiscordPoster(client) };
  }

  const post = (channelId: string, nonce = '42'): Post => ({
    channelId,
    nonce,
    payload: payload({ content: 'Agenda <@1058897343283201002>', users: ['1058897343283201002'] }),
    meta: {
      outboxId: Number(nonce),
      kind: 'agenda',
      seriesId: 1,
      meetingId: 1,
      dueAt: 0,
      timeZone: TZ,
      language: 'en',
    },
  });

  it('sends the payload with nonce, enforce_nonce and the allowed mentions; repeats are one message', async () => {
    const { fake, channelId, poster: p } = await poster();
    const [a, b] = await Promise.all([p.send(post(channelId)), p.send(post(channelId))]);
    const again = await p.send(post(channelId));
    expect(a.messageId).toBe(b.messageId);
    expect(again.messageId).toBe(a.messageId);
    expect(fake.messages(channelId)).toHaveLength(1);
    // Overlapping sends of one post make one call; a later repeat is absorbed by the nonce.
    expect(fake.requestsMatching('POST', /\/messages$/)).toHaveLength(2);
    expect(fake.requests.at(-1)?.body).toEqual({
      content: 'Agenda <@1058897343283201002>',
      embeds: [],
      components: [],
      allowed_mentions: { parse: [], users: ['1058897343283201002'], roles: [] },
      nonce: '42',
      enforce_nonce: true,
    });
  });

  it('reports server errors, time-outs and rate limits as transient, refusals as permanent', async () => {
    const { fake, channelId, poster: p } = await poster({ rejectOnRateLimit: () => true });
    const failure = (promise: Promise<unknown>) =>
      promise.then(
        () => {
          throw new Error('expected a failure');
        },
        (error: unknown) => {
          expect(error).toBeInstanceOf(SendError);
          return error as SendError;
        },
      );

    fake.failNext({ path: /\/messages$/, status: 500 });
    expect((await failure(p.send(post(channelId, '1')))).transient).toBe(true);

    fake.failNext({ path: /\/messages$/, status: 'hang', applied: true });
    expect((await failure(p.send(post(channelId, '2')))).transient).toBe(true);
    // The lost response's message exists; the retry with the same nonce gets it back, not a copy.
    await p.send(post(channelId, '2'));
    expect(fake.messages(channelId).filter((m) => m.nonce === '2')).toHaveLength(1);

    fake.failNext({ path: /\/messages$/, status: 429, retryAfter: 2 });
    const limited = await failure(p.send(post(channelId, '3')));
    expect(limited).toMatchObject({ transient: true });
    expect(limited.retryAfterMs).toBeGreaterThan(0);

    const unknown = await failure(p.send(post('123456789012345678', '4')));
    expect(unknown.transient).toBe(false);
    expect(unknown.message).toContain('Unknown Channel');
  });
});
