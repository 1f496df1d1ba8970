/**
 * Missed reminders collapse, through Discord: a bot down from two weeks
 * before a meeting until 30 minutes before it sends the agenda once, at most
 * one title reminder, and nothing for the meeting held while it was down.
 */
import { REST } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { simulate } from '../../src/demo/simulate.ts';
import { silentLogger } from '../../src/log.ts';
import { DiscordPoster } from '../../src/poster/discord-poster.ts';
import { getMeeting } from '../../src/store/meetings.ts';
import { type OutboxRow, outboxOfSeries } from '../../src/store/outbox.ts';
import { memoryLogger } from '../e2e/harness.ts';
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

describe('catching up after downtime', () => {
  it('down from two weeks before a meeting until 30 minutes before: the agenda once, nothing for the meeting missed', async () => {
    const clock = { now: at('2024-07-20 12:00', TZ) };
    fake = await startFakeDiscord({ guilds: [podiumGuildFixture()], clock: () => clock.now });
    const db = await testDb();
    await seedSeries(db, clock.now, {
      timezone: TZ,
      weekday: 4,
      time: '21:00',
      everyWeeks: 2,
      start: '2024-08-01',
      size: 8,
    });
    const rest = new REST({ api: fake.apiBase, retries: 0, timeout: 2000 }).setToken('catch-up-token');
    const poster = new DiscordPoster(rest);
    const quiet = silentLogger();

    // Up until two weeks before the 29 August meeting (the 15 August one is about to start).
    await simulate({ db, poster, log: quiet, clock }, at('2024-08-15 20:59', TZ));
    const before = fake.messages(CHANNEL).length;

    // Down until 30 minutes before the 29 August meeting; then back.
    clock.now = at('2024-08-29 20:30', TZ);
    const { log, lines } = memoryLogger();
    await simulate({ db, poster, log, clock }, at('2024-08-29 20:31', TZ));

    const rows = new Map((await outboxOfSeries(db, 1)).map((r) => [String(r.id), r]));
    const late = fake
      .messages(CHANNEL)
      .slice(before)
      .map((m) => rows.get(String(m.nonce))!);
    const target = late.find((r) => r.kind === 'agenda')!;
    const meeting = (await getMeeting(db, target.meetingId!))!;
    expect(meeting.startsAt).toBe(at('2024-08-29 21:00', TZ));
    // Everything posted on return is about that meeting: the agenda once, at most one title reminder.
    expect(late.every((r) => r.meetingId === meeting.id)).toBe(true);
    expect(late.filter((r) => r.kind === 'agenda')).toHaveLength(1);
    expect(
      late.filter((r) => r.kind === 'title_request' || r.kind === 'title_nudge').length,
    ).toBeLessThanOrEqual(1);
    expect(late).toHaveLength(1);
    // The title request and nudge were superseded, logged, and never sent.
    const superseded = (await outboxOfSeries(db, 1)).filter(
      (r) => r.meetingId === meeting.id && r.state === 'superseded',
    );
    expect(superseded.map((r) => r.kind).sort()).toEqual(['title_nudge', 'title_request']);
    expect(superseded.every((r) => r.messageId === null && r.attempts === 0)).toBe(true);
    expect(lines.filter((l) => l.msg.includes('superseded'))).toHaveLength(2);
    // The meeting held while the bot was down got nothing (its follow-up went stale).
    const missed: OutboxRow[] = [];
    for (const r of await outboxOfSeries(db, 1)) {
      if (
        r.meetingId !== null &&
        (await getMeeting(db, r.meetingId))!.startsAt === at('2024-08-15 21:00', TZ)
      )
        missed.push(r);
    }
    expect(missed.find((r) => r.kind === 'follow_up')?.state).toBe('stale');
    expect(late.some((r) => missed.some((m) => m.id === r.id))).toBe(false);

    // Up to the meeting: nothing more for it.
    await simulate({ db, poster, log, clock }, at('2024-08-29 21:00', TZ));
    expect(fake.messages(CHANNEL).slice(before)).toHaveLength(1);
  });
});
