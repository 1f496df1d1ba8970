import { InteractionResponseType, type REST, Routes } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, createRest, REST_CONNECTIONS } from '../../src/discord/client.ts';
import { type FakeDiscord, makeGuildFixture, startFakeDiscord } from '../fake-discord/server.ts';

let fake: FakeDiscord | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/**
 * `n` interaction answers at once, as a burst of interactions gives: each in a
 * bucket of its own, and outside Discord's global limit of 50 requests a second.
 */
async function burst(rest: REST, n: number): Promise<PromiseSettledResult<unknown>[]> {
  const ids = Array.from({ length: n }, (_, i) => String(400_000_000_000_000_000n + BigInt(i)));
  return Promise.allSettled(
    ids.map((id) =>
      rest.post(Routes.interactionCallback(id, `token-${id}`), {
        body: { type: InteractionResponseType.ChannelMessageWithSource, data: { content: 'pong' } },
        auth: false,
      }),
    ),
  );
}

describe('connections to Discord’s REST API', () => {
  const clients: [string, (apiBase: string) => REST][] = [
    [
      'the REST-only client (a deliverer without a gateway)',
      (apiBase) => createRest({ apiBase, token: 'x.y.z' }),
    ],
    ['the gateway client', (apiBase) => createClient({ apiBase }).rest.setToken('x.y.z')],
  ];

  it.each(clients)(
    'are at most REST_CONNECTIONS at once for %s, however many requests are in flight',
    async (_, make) => {
      fake = await startFakeDiscord({ guilds: [makeGuildFixture({})] });
      const requests = REST_CONNECTIONS * 2 + 44;
      const settled = await burst(make(fake.apiBase), requests);

      // Every request got Discord's answer (no such interaction), none was lost waiting for a connection.
      expect(settled).toHaveLength(requests);
      expect(fake.requestsMatching('POST', /^\/interactions\/\d+\/[^/]+\/callback$/)).toHaveLength(requests);
      expect(settled.map((s) => (s.status === 'rejected' ? String(s.reason) : 'answered'))).toEqual(
        Array(requests).fill(expect.stringMatching(/Unknown interaction/i)),
      );
      // They ran side by side, on no more connections than the pool allows.
      expect(fake.connections.peak).toBeGreaterThan(REST_CONNECTIONS / 2);
      expect(fake.connections.peak).toBeLessThanOrEqual(REST_CONNECTIONS);
    },
  );
});
