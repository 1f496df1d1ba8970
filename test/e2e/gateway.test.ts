import { once } from 'node:events';
import { Events } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { ephemeral, posts, seedSeries, settle, startHarness, stopHarnesses, textOf } from './harness.ts';

afterEach(stopHarnesses);

describe('a dropped gateway connection', () => {
  it('resumes, answers what was sent meanwhile once, and posts nothing twice', async () => {
    const h = await startHarness();
    await seedSeries(h);
    const [m0] = h.members;
    expect(await ephemeral(h.run('meeting', 'show'))).toContain('Kernel SIG');

    const resumed = once(h.bot.client, Events.ShardResume);
    expect(h.fake.dropConnection()).toBe(1);
    const during = h.run('slot', 'release', {}, { user: m0 }); // dispatched while disconnected
    await resumed;
    expect(await ephemeral(during)).toContain('You gave up your slot');
    expect(await ephemeral(h.run('meeting', 'schedule'))).toContain('open slot');
    await settle(h);

    expect(h.fake.gatewayStats).toMatchObject({ connections: 2, identifies: 1, resumes: 1 });
    const calls = h.fake.messages(h.channels.meetings).filter((m) => /can no longer present/.test(textOf(m)));
    expect(calls).toHaveLength(1);
    const nonces = posts(h.fake, h.channels.meetings).map((r) => (r.body as { nonce: string }).nonce);
    expect(new Set(nonces).size).toBe(nonces.length);
    // Each interaction was answered exactly once.
    expect(h.fake.requestsMatching('POST', /\/callback$/).map((r) => r.status)).toEqual([204, 204, 204]);
  });
});
