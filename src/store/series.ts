import type { Language, Series } from '../domain/model.ts';
import type { Db } from './db.ts';

interface SeriesRow {
  id: number;
  guild_id: string;
  channel_id: string;
  name: string;
  timezone: string;
  weekday: number;
  hour: number;
  minute: number;
  every_weeks: number;
  first_date: string;
  duration_min: number;
  link: string | null;
  presenters: number;
  language: string;
  topic_channel_id: string | null;
  title_request_min: number | null;
  title_nudge_min: number | null;
  agenda_min: number | null;
  follow_up_min: number | null;
  next_plan_at: number;
  active: number;
}

function toSeries(r: SeriesRow): Series {
  return {
    id: r.id,
    guildId: r.guild_id,
    channelId: r.channel_id,
    name: r.name,
    timeZone: r.timezone,
    weekday: r.weekday,
    hour: r.hour,
    minute: r.minute,
    everyWeeks: r.every_weeks,
    firstDate: r.first_date,
    durationMin: r.duration_min,
    link: r.link,
    presenters: r.presenters,
    language: r.language as Language,
    topicChannelId: r.topic_channel_id,
    offsets: {
      titleRequest: r.title_request_min,
      titleNudge: r.title_nudge_min,
      agenda: r.agenda_min,
      followUp: r.follow_up_min,
    },
    nextPlanAt: r.next_plan_at,
    active: r.active === 1,
  };
}

export type NewSeries = Omit<Series, 'id' | 'active'>;

export async function getSeries(db: Db, id: number): Promise<Series | undefined> {
  const row = await db.get<SeriesRow>('SELECT * FROM series WHERE id = ?', [id]);
  return row && toSeries(row);
}

export async function getSeriesByChannel(db: Db, channelId: string): Promise<Series | undefined> {
  const row = await db.get<SeriesRow>('SELECT * FROM series WHERE channel_id = ?', [channelId]);
  return row && toSeries(row);
}

export async function getSeriesByTopicChannel(db: Db, channelId: string): Promise<Series | undefined> {
  const row = await db.get<SeriesRow>(
    'SELECT * FROM series WHERE topic_channel_id = ? AND active = 1 ORDER BY id LIMIT 1',
    [channelId],
  );
  return row && toSeries(row);
}

/** Active series whose plan needs extending by `now` (indexed on next_plan_at). */
export async function seriesDueForPlanning(db: Db, now: number, limit: number): Promise<Series[]> {
  const rows = await db.all<SeriesRow>(
    'SELECT * FROM series WHERE active = 1 AND next_plan_at <= ? ORDER BY next_plan_at, id LIMIT ?',
    [now, limit],
  );
  return rows.map(toSeries);
}
function params(s: NewSeries, createdAt: number) {
  return {
    guild_id: s.guildId,
    channel_id: s.channelId,
    name: s.name,
    timezone: s.timeZone,
    weekday: s.weekday,
    hour: s.hour,
    minute: s.minute,
    every_weeks: s.everyWeeks,
    first_date: s.firstDate,
    duration_min: s.durationMin,
    link: s.link,
    presenters: s.presenters,
    language: s.language,
    topic_channel_id: s.topicChannelId,
    title_request_min: s.offsets.titleRequest,
    title_nudge_min: s.offsets.titleNudge,
    agenda_min: s.offsets.agenda,
    follow_up_min: s.offsets.followUp,
    next_plan_at: s.nextPlanAt,
    created_at: createdAt,
  };
}

export async function insertSeries(db: Db, s: NewSeries, now: number): Promise<number> {
  const row = await db.get<{ id: number }>(
    `INSERT INTO series (guild_id, channel_id, name, timezone, weekday, hour, minute, every_weeks, first_date,
       duration_min, link, presenters, language, topic_channel_id, title_request_min, title_nudge_min, agenda_min,
       follow_up_min, next_plan_at, created_at)
     VALUES (:guild_id, :channel_id, :name, :timezone, :weekday, :hour, :minute, :every_weeks, :first_date,
       :duration_min, :link, :presenters, :language, :topic_channel_id, :title_request_min, :title_nudge_min,
       :agenda_min, :follow_up_min, :next_plan_at, :created_at)
     RETURNING id`,
    params(s, now),
  );
  return row!.id;
}

export async function updateSeries(db: Db, id: number, s: NewSeries): Promise<void> {
  const { created_at: _unused, ...p } = params(s, 0);
  await db.run(
    `UPDATE series SET name = :name, timezone = :timezone, weekday = :weekday, hour = :hour, minute = :minute,
       every_weeks = :every_weeks, first_date = :first_date, duration_min = :duration_min, link = :link,
       presenters = :presenters, language = :language, topic_channel_id = :topic_channel_id,
       title_request_min = :title_request_min, title_nudge_min = :title_nudge_min, agenda_min = :agenda_min,
       follow_up_min = :follow_up_min, next_plan_at = :next_plan_at, guild_id = :guild_id, channel_id = :channel_id
     WHERE id = :id`,
    { ...p, id },
  );
}

export async function setSeriesLink(db: Db, id: number, link: string | null): Promise<void> {
  await db.run('UPDATE series SET link = ? WHERE id = ?', [link, id]);
}

export async function setNextPlanAt(db: Db, id: number, at: number): Promise<void> {
  await db.run('UPDATE series SET next_plan_at = ? WHERE id = ?', [at, id]);
}

/** The active series of a guild, oldest first. */
export async function activeSeriesOfGuild(db: Db, guildId: string): Promise<Series[]> {
  const rows = await db.all<SeriesRow>('SELECT * FROM series WHERE guild_id = ? AND active = 1 ORDER BY id', [
    guildId,
  ]);
  return rows.map(toSeries);
}
