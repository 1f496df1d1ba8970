/** The Discord poster's direct messages against the fake Discord: the DM channel, the nonce, and a refusal. */
import { REST } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { DiscordPoster } from '../../src/poster/discord-poster.ts';
import type { Post } from '../../src/poster/poster.ts';
import { RecipientRefusedError } from '../../src/poster/refusal.ts';
import { payload } from '../../src/render/payload.ts';
import { type FakeDiscord, startFakeDiscord } from '../fake-discord/server.ts';
import { podiumGuild, TZ } from './harness.ts';

const fakes: FakeDiscord[] = [];
afterEach(async () => {
  for (const fake of fakes.splice(0)) await fake.close();
});

async function setUp() {
  const guild = podiumGuild();
  const fake = await startFakeDiscord({ guilds: [guild] });
  fakes.push(fake);
  const rest = new REST({ api: fake.apiBase, retries: 0, timeout: 10_000 }).setToken('fake.bot.token');
  return { fake, poster: new DiscordPoster(rest), user: guild.members[3]!.id };
}

const dm = (userId: string, nonce: string): Post => ({
  channelId: `dm:${userId}`,
  nonce,
  payload: payload({ content: 'Your talk is due' }),
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

describe('direct messages through the Discord poster', () => {
  it('opens the DM channel once and sends with the nonce, never twice', async () => {
    const { fake, poster, user } = await setUp();
    const first = await poster.send(dm(user, '7'));
    const again = await poster.send(dm(user, '7'));
    await poster.send(dm(user, '8'));
    expect(again.messageId).toBe(first.messageId);
    expect(fake.directMessages(user).map((m) => m.nonce)).toEqual(['7', '8']);
    expect(fake.requestsMatching('POST', /^\/users\/@me\/channels$/)).toHaveLength(1);
    expect(fake.requestsMatching('POST', /^\/users\/@me\/channels$/)[0]!.body).toEqual({
      recipient_id: user,
    });
  });

  it('classifies Discord’s 50007 (DMs closed) as a permanent refusal', async () => {
    const { fake, poster, user } = await setUp();
    fake.setDmsClosed(user);
    const error = await poster.send(dm(user, '9')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RecipientRefusedError);
    expect((error as RecipientRefusedError).transient).toBe(false);
    expect((error as Error).message).toContain('50007');
    expect(fake.directMessages(user)).toEqual([]);
  });
});
