/**
 * Fills a database quickly with many realistic series: each with a roster, a
 * full plan of 8 upcoming meetings with two presenters, and their 32 pending
 * reminders, as `planSeries` would leave them. Plain INSERTs in one
 * transaction, so 100,000 series take seconds, not the hours the app path
 * would.
 */
import type { Db } from '../src/store/db.ts';

const WEEK = 7 * 86_400_000;

export interface SeedOptions {
  /** Roster size per series. */
  members?: number;
  /** Meetings per series already held (before `now`) besides the 8 upcoming ones. */
  past?: number;
  /** Series per guild. */
  perGuild?: number;
  /** Ids to use instead of the generated ones (e.g. a fake Discord's fixtures). */
  ids?: { guild: (series: number) => string; channel: (series: number) => string };
}

export const memberOf = (series: number, n: number): string =>
  String(3_000_000_000_000_000 + series * 100 + n);
// 18 digits, as Discord's ids have (17 to 19): discord.js only queues requests per channel or guild
// ("major parameter") for ids of that length, and would put shorter ones all in one queue.
export const channelOf = (series: number): string => String(200_000_000_000_000_000n + BigInt(series));
export const guildOf = (series: number, perGuild: number): string =>
  String(100_000_000_000_000_000n + BigInt(Math.ceil(series / perGuild)));

export function seedSeries(db: Db, count: number, now: number, options: SeedOptions = {}): void {
  const size = options.members ?? 6;
  const past = options.past ?? 0;
  const perGuild = options.perGuild ?? 5;
  const series = db.prepare(
    `INSERT INTO series (id, guild_id, channel_id, name, timezone, weekday, hour, minute, every_weeks, first_date,
       link, language, title_request_min, title_nudge_min, agenda_min, follow_up_min, next_plan_at, created_at)
     VALUES (?, ?, ?, 'Bench', 'Asia/Shanghai', 4, 21, 0, 2, '2024-01-04', 'https://meet.example/x', 'en',
       2880, 1440, 60, -120, ?, ?)`,
  );
  const member = db.prepare(
    'INSERT INTO roster_members (series_id, user_id, position, joined_at) VALUES (?, ?, ?, ?)',
  );
  const meeting = db.prepare(
    `INSERT INTO meetings (id, series_id, seq, planned_at, starts_at) VALUES (?, ?, ?, ?, ?)`,
  );
  const slot = db.prepare(
    `INSERT INTO slots (meeting_id, position, user_id, source) VALUES (?, ?, ?, 'rotation')`,
  );
  const outbox = db.prepare(
    `INSERT INTO outbox (series_id, meeting_id, kind, target, channel_id, due_at, next_attempt_at, created_at)
     VALUES (?, ?, ?, 'channel', ?, ?, ?, ?)`,
  );
  const kinds: [string, number][] = [
    ['title_request', 2 * 86_400_000],
    ['title_nudge', 86_400_000],
    ['agenda', 3_600_000],
    ['follow_up', -7_200_000],
  ];
  db.transaction(() => {
    let meetingId = 1;
    for (let s = 1; s <= count; s += 1) {
      const guild = options.ids?.guild(s) ?? guildOf(s, perGuild);
      const channel = options.ids?.channel(s) ?? channelOf(s);
      // Spread the series over the coming weeks; the first upcoming meeting is days away, so nothing is due yet.
      const first = now + 3 * 86_400_000 + (s % 1000) * 60_000;
      series.run(s, guild, channel, first, now);
      for (let p = 0; p < size; p += 1) member.run(s, memberOf(s, p), p + 1, now);
      for (let k = -past; k < 8; k += 1) {
        const at = first + k * 2 * WEEK;
        meeting.run(meetingId, s, k + past, at, at);
        slot.run(meetingId, 0, memberOf(s, (2 * (k + past)) % size));
        slot.run(meetingId, 1, memberOf(s, (2 * (k + past) + 1) % size));
        if (k >= 0)
          for (const [kind, before] of kinds)
            outbox.run(s, meetingId, kind, channel, at - before, at - before, now);
        meetingId += 1;
      }
    }
  })();
}
