/**
 * Exactly once for direct messages: a DM whose create reached Discord while
 * the answer was lost (a 5xx or a time-out after the create) is looked up in
 * the member's DM channel (`dm:<userId>`, opened through
 * `POST /users/@me/channels`) before it is sent again, so a retry after the
 * nonce dedup window posts nothing twice.
 */
import { REST, Routes } from 'discord.js';
import type { APIChannel } from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import { setDmReminders } from '../../src/app/setDmReminders.ts';
import { silentLogger } from '../../src/log.ts';
import { DiscordPoster } from '../../src/poster/discord-poster.ts';
import { deliverDue } from '../../src/scheduler/deliver.ts';
import { planAhead } from '../../src/scheduler/plan-ahead.ts';
import { outboxOfSeries } from '../../src/store/outbox.ts';
import { type FakeDiscord, startFakeDiscord } from '../fake-discord/server.ts';
import { actor, at, ctx, memberIds, testDb } from '../support/db.ts';
import { podiumGuildFixture } from '../support/fixtures.ts';
import { seedSeries } from '../support/season.ts';

const TZ = 'Asia/Shanghai';
const START = at('2024-07-20 12:00', TZ);
/** The first title request of the season is due then. */
const DUE = at('2024-07-30 21:00', TZ);
const season = { timezone: TZ, weekday: 4, time: '21:00', everyWeeks: 2, start: '2024-08-01', size: 8 };

let fake: FakeDiscord | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('in-doubt direct messages are looked up in the DM channel, not repeated', () => {
  for (const fault of ['5xx', 'time-out'] as const) {
    it(`${fault} after Discord created the DM, retried after the dedup window: one DM`, async () => {
      const clock = { now: DUE };
      fake = await startFakeDiscord({
        // The fake opens DM channels with users it knows: the season's members are in the guild.
        guilds: [
          {
            ...podiumGuildFixture(),
            members: memberIds(8).map((id) => ({ id, username: `m${id.slice(-2)}` })),
          },
        ],
        clock: () => clock.now,
        nonceWindowMs: 1000,
      });
      const db = await testDb();
      const { seriesId, members } = await seedSeries(db, START, season);
      const log = silentLogger();
      await planAhead(db, START, log);
      // The first presenter wants their reminders by DM too.
      const presenter = (await outboxOfSeries(db, seriesId)).find(
        (r) => r.kind === 'title_request' && r.dueAt === DUE,
      );
      expect(presenter).toBeDefined();
      const member = members[0]!;
      await setDmReminders(ctx(db, START, actor(member)), { enabled: true, language: 'en' });
      const dmRow = async () =>
        (await outboxOfSeries(db, seriesId)).find(
          (r) => r.target === `dm:${member}` && r.kind === 'title_request' && r.dueAt === DUE,
        );
      expect(await dmRow()).toMatchObject({ state: 'pending' });

      const rest = new REST({ api: fake.apiBase, retries: 0, timeout: 300 }).setToken('dm-in-doubt-token');
      // The DM channel as Discord opens it (the same channel whoever asks).
      const channel = (await rest.post(Routes.userChannels(), {
        body: { recipient_id: member },
      })) as APIChannel;
      const DM_POSTS = new RegExp(`^/channels/${channel.id}/messages$`);
      fake.failNext({
        method: 'POST',
        path: DM_POSTS,
        status: fault === '5xx' ? 500 : 'hang',
        applied: true,
      });
      const deps = { db, poster: new DiscordPoster(rest), log };

      await deliverDue(deps, DUE);
      expect(fake.directMessages(member)).toHaveLength(1);
      const doubtful = (await dmRow())!;
      expect(doubtful).toMatchObject({ state: 'pending', inDoubt: true, attemptAt: DUE });

      // The retry lands after the window: a plain resend would be a second DM.
      clock.now = doubtful.nextAttemptAt;
      expect(clock.now - DUE).toBeGreaterThan(1000);
      const retried = await deliverDue(deps, clock.now);
      expect(retried).toMatchObject({ found: 1 });
      const shown = fake.directMessages(member);
      expect(shown).toHaveLength(1);
      expect(fake.requestsMatching('POST', DM_POSTS)).toHaveLength(1);
      expect(fake.requestsMatching('GET', DM_POSTS).length).toBeGreaterThanOrEqual(1);
      expect(await dmRow()).toMatchObject({ state: 'sent', messageId: shown[0]!.id, inDoubt: false });
    });
  }
});
