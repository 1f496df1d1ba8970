/**
 * A Discord outage: the fake answers 500s, 429s with retry-after, and hangs
 * past the client's time-out, while reminders fall due. Afterwards every post
 * still useful is delivered once, and the bot never exceeded the rate limit.
 */
import { REST } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { simulate } from '../../src/demo/simulate.ts';
import { silentLogger } from '../../src/log.ts';
import { DiscordPoster } from '../../src/poster/discord-poster.ts';
import { outboxOfSeries } from '../../src/store/outbox.ts';
import { type FakeDiscord, startFakeDiscord } from '../fake-discord/server.ts';
import { at, CHANNEL, testDb } from '../support/db.ts';
import { podiumGuildFixture } from '../support/fixtures.ts';
import { seedSeries } from '../support/season.ts';

const TZ = 'Asia/Shanghai';
let fake: FakeDiscord | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('Discord outage', () => {
  it('recovers from 500s, 429s and hangs, delivering every useful post once within the rate limit', async () => {
    fake = await startFakeDiscord({
      guilds: [podiumGuildFixture()],
      rateLimitPerSecond: 50,
    });
    const rest = new REST({ api: fake.apiBase, retries: 1, timeout: 400 }).setToken('outage-test-token');
    const db = await testDb();
    const start = at('2024-07-20 12:00', TZ);
    await seedSeries(db, start, {
      timezone: TZ,
      weekday: 4,
      time: '21:00',
      everyWeeks: 2,
      start: '2024-08-01',
      size: 8,
    });
    const messages = /\/channels\/\d+\/messages$/;
    fake.failNext({ method: 'POST', path: messages, count: 6, status: 500 });
    fake.failNext({ method: 'POST', path: messages, count: 3, status: 429, retryAfter: 0.2 });
    fake.failNext({ method: 'POST', path: messages, count: 3, status: 'hang' });
    fake.failNext({ method: 'POST', path: messages, count: 4, status: 500 });
    // Lost responses: the message is created but the answer never comes; the retry carries the same nonce.
    fake.failNext({ method: 'POST', path: messages, count: 2, status: 'hang', applied: true });

    const clock = { now: start };
    await simulate(
      { db, poster: new DiscordPoster(rest), log: silentLogger(), clock },
      at('2024-09-20 00:00', TZ),
    );

    expect(fake.injectedFailures).toBe(18);
    const rows = (await outboxOfSeries(db, 1)).filter((r) => r.target === 'channel' && r.dueAt <= clock.now);
    expect(
      rows.filter((r) => r.state !== 'sent' && r.state !== 'cancelled' && r.state !== 'skipped'),
    ).toEqual([]);
    const sent = rows
      .filter((r) => r.state === 'sent')
      .map((r) => String(r.id))
      .sort();
    const shown = fake
      .messages(CHANNEL)
      .map((m) => String(m.nonce))
      .sort();
    expect(shown).toEqual(sent);
    // Some sends had to be retried, none twice visible, none above the limit.
    expect(rows.some((r) => r.attempts > 1)).toBe(true);
    expect(fake.globalRateLimit.exceeded).toBe(0);
  }, 60_000);
});
