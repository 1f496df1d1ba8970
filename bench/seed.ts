/**
 * Fills a database quickly with many realistic series: each with a roster, a
 * full plan of 8 upcoming meetings with two presenters, and their 32 pending
 * reminders, as `planSeries` would leave them. On SQLite, plain INSERTs in one
 * transaction on the raw connection; on PostgreSQL, the same rows made by the
 * server (INSERT … SELECT over generate_series), so 100,000 series take
 * seconds, not the hours the app path would.
 */
import type { Db, SqliteFile } from '../src/store/db.ts';

const WEEK = 7 * 86_400_000;
const DAY = 86_400_000;

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

/** The reminders of a meeting and how long before it each is due. */
const KINDS: [string, number][] = [
  ['title_request', 2 * DAY],
  ['title_nudge', DAY],
  ['agenda', 3_600_000],
  ['follow_up', -7_200_000],
];

/** Writes `count` series (ids 1…count) into an empty store. */
export async function seedSeries(
  db: Db,
  count: number,
  now: number,
  options: SeedOptions = {},
): Promise<void> {
  if (db.engine === 'sqlite') await db.withSqlite((file) => seedSqlite(file, count, now, options));
  else await seedPostgres(db, count, now, options);
}

function seedSqlite(db: SqliteFile, count: number, now: number, options: SeedOptions): void {
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
  db.transaction(() => {
    let meetingId = 1;
    for (let s = 1; s <= count; s += 1) {
      const guild = options.ids?.guild(s) ?? guildOf(s, perGuild);
      const channel = options.ids?.channel(s) ?? channelOf(s);
      // Spread the series over the coming weeks; the first upcoming meeting is days away, so nothing is due yet.
      const first = now + 3 * DAY + (s % 1000) * 60_000;
      series.run(s, guild, channel, first, now);
      for (let p = 0; p < size; p += 1) member.run(s, memberOf(s, p), p + 1, now);
      for (let k = -past; k < 8; k += 1) {
        const at = first + k * 2 * WEEK;
        meeting.run(meetingId, s, k + past, at, at);
        slot.run(meetingId, 0, memberOf(s, (2 * (k + past)) % size));
        slot.run(meetingId, 1, memberOf(s, (2 * (k + past) + 1) % size));
        if (k >= 0)
          for (const [kind, before] of KINDS)
            outbox.run(s, meetingId, kind, channel, at - before, at - before, now);
        meetingId += 1;
      }
    }
  })();
}

/**
 * The same rows as `seedSqlite`, ids included, written by the server in one
 * transaction: foreign-key triggers off for the bulk (the rows are consistent
 * by construction), secondary indexes dropped and built again afterwards
 * (from their own definitions), and the id sequences moved past the rows.
 */
async function seedPostgres(db: Db, count: number, now: number, options: SeedOptions): Promise<void> {
  const size = options.members ?? 6;
  const past = options.past ?? 0;
  const perGuild = options.perGuild ?? 5;
  const meetingsPer = past + 8;
  const p = {
    count,
    now,
    size,
    past,
    per: meetingsPer,
    perGuild,
    guilds: options.ids ? Array.from({ length: count }, (_, i) => options.ids!.guild(i + 1)) : [],
    channels: options.ids ? Array.from({ length: count }, (_, i) => options.ids!.channel(i + 1)) : [],
  };
  const custom = options.ids !== undefined;
  // The first upcoming meeting of series s (as in seedSqlite), and the guild, channel and member ids.
  const first = `(CAST(:now AS BIGINT) + ${3 * DAY} + (s % 1000) * 60000)`;
  const guild = custom
    ? '(CAST(:guilds AS TEXT[]))[s]'
    : '(100000000000000000 + ceil(s::numeric / CAST(:perGuild AS BIGINT)))::bigint::text';
  const channel = custom ? '(CAST(:channels AS TEXT[]))[s]' : '(200000000000000000 + s)::text';
  const member = (n: string) => `(3000000000000000 + s * 100 + (${n}))::text`;
  const tables = ['series', 'roster_members', 'meetings', 'slots', 'outbox'];
  await db.transaction(async (tx) => {
    await tx.run('SET LOCAL session_replication_role = replica');
    await tx.run("SET LOCAL maintenance_work_mem = '256MB'");
    const indexes = await tx.all<{ name: string; definition: string }>(
      `SELECT i.indexname AS name, i.indexdef AS definition FROM pg_indexes i
       WHERE i.schemaname = current_schema() AND i.tablename IN (${tables.map(() => '?').join(', ')})
         AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
      tables,
    );
    for (const i of indexes) await tx.run(`DROP INDEX ${i.name}`);
    await tx.run(
      `INSERT INTO series (id, guild_id, channel_id, name, timezone, weekday, hour, minute, every_weeks, first_date,
         link, language, title_request_min, title_nudge_min, agenda_min, follow_up_min, next_plan_at, created_at)
       SELECT s, ${guild}, ${channel}, 'Bench', 'Asia/Shanghai', 4, 21, 0, 2, '2024-01-04',
         'https://meet.example/x', 'en', 2880, 1440, 60, -120, ${first}, CAST(:now AS BIGINT)
       FROM generate_series(1, CAST(:count AS BIGINT)) AS s ORDER BY s`,
      p,
    );
    await tx.run(
      `INSERT INTO roster_members (series_id, user_id, position, joined_at)
       SELECT s, ${member('n')}, n + 1, CAST(:now AS BIGINT)
       FROM generate_series(1, CAST(:count AS BIGINT)) AS s, generate_series(0, CAST(:size AS INTEGER) - 1) AS n
       ORDER BY s, n`,
      p,
    );
    // Meeting j (0-based) of series s has id (s - 1) * per + j + 1 and starts (j - past) fortnights after `first`.
    const at = `(${first} + (j - CAST(:past AS BIGINT)) * ${2 * WEEK})`;
    await tx.run(
      `INSERT INTO meetings (id, series_id, seq, planned_at, starts_at)
       SELECT (s - 1) * CAST(:per AS BIGINT) + j + 1, s, j, ${at}, ${at}
       FROM generate_series(1, CAST(:count AS BIGINT)) AS s, generate_series(0, CAST(:per AS INTEGER) - 1) AS j
       ORDER BY s, j`,
      p,
    );
    await tx.run(
      `INSERT INTO slots (meeting_id, position, user_id, source)
       SELECT (s - 1) * CAST(:per AS BIGINT) + j + 1, q, ${member('(2 * j + q) % CAST(:size AS INTEGER)')}, 'rotation'
       FROM generate_series(1, CAST(:count AS BIGINT)) AS s, generate_series(0, CAST(:per AS INTEGER) - 1) AS j,
         generate_series(0, 1) AS q
       ORDER BY s, j, q`,
      p,
    );
    const kinds = KINDS.map(([kind, before], n) => `(${n}, '${kind}', ${before})`).join(', ');
    await tx.run(
      `INSERT INTO outbox (series_id, meeting_id, kind, target, channel_id, due_at, next_attempt_at, created_at)
       SELECT s, (s - 1) * CAST(:per AS BIGINT) + j + 1, k.kind, 'channel', ${channel},
         ${at} - k.before, ${at} - k.before, CAST(:now AS BIGINT)
       FROM generate_series(1, CAST(:count AS BIGINT)) AS s,
         generate_series(CAST(:past AS INTEGER), CAST(:per AS INTEGER) - 1) AS j,
         (VALUES ${kinds}) AS k (n, kind, before)
       ORDER BY s, j, k.n`,
      p,
    );
    for (const i of indexes) await tx.run(i.definition);
    for (const table of ['series', 'meetings'])
      await tx.all(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), (SELECT max(id) FROM ${table}))`);
  });
}
