import { UserError } from '../domain/errors.ts';
import { DEFAULT_OFFSETS, type Language, type Series } from '../domain/model.ts';
import { occurrencesAfter } from '../domain/recurrence.ts';
import {
  dateKey,
  hasVisibleText,
  parseDate,
  parseLocation,
  parseTime,
  parseTimeZone,
} from '../domain/user-input.ts';
import { localDateOf } from '../domain/zoned-time.ts';
import { meetingsAfter, retimeMeeting } from '../store/meetings.ts';
import { openPauses } from '../store/pauses.ts';
import {
  getSeries,
  getSeriesByChannel,
  insertSeries,
  type NewSeries,
  updateSeries,
} from '../store/series.ts';
import { type Ctx, recurrenceOf, requireOrganiser, transact } from './context.ts';
import { upcomingViews } from './listSchedule.ts';
import { mirroredMeetings, parseMirrorEvents, setMirroredMeetingsOf } from './mirrorSettings.ts';
import { pauseCovering } from './planSeries.ts';
import { recordChange } from './recordChange.ts';
import { touchUpcoming } from './touchUpcoming.ts';
import type { MeetingView } from './views.ts';

export interface SetupInput {
  channelId: string;
  weekday: number;
  time: string;
  timezone: string;
  everyWeeks: number;
  start: string;
  /** The meeting location: a link, or a meeting number as organisers write it. */
  link?: string;
  presenters?: number;
  language?: string;
  name?: string;
  topicChannelId?: string;
  /** Meeting length in minutes. */
  duration?: number;
  /** Drops the topic channel (title capture stops); `topicChannelId` wins if both are given. */
  clearTopicChannel?: boolean;
  /** How many upcoming meetings get a scheduled event (0–8, 0 = off); unchanged when not given. */
  mirrorEvents?: number;
}

export const DURATION_MIN = 5;
export const DURATION_MAX = 720;

function intIn(
  value: number,
  min: number,
  max: number,
  key: 'error.everyWeeks' | 'error.presenters' | 'error.weekday' | 'error.duration',
): number {
  if (!Number.isInteger(value) || value < min || value > max) throw new UserError(key, { value, min, max });
  return value;
}

function parseLanguage(input: string | undefined, fallback: Language): Language {
  if (input === undefined) return fallback;
  if (input === 'zh-CN' || input === 'en') return input;
  throw new UserError('error.language', { value: input.slice(0, 20) });
}

function parseName(input: string | undefined, fallback: string): string {
  const name = (input ?? '').replace(/\s+/g, ' ').trim();
  if (!hasVisibleText(name)) return fallback;
  if ([...name].length > 100) throw new UserError('error.name.tooLong', { max: 100 });
  return name;
}

/** `/meeting setup`: creates the series of a channel, or updates it (re-timing the upcoming meetings). */
export async function setupSeries(
  ctx: Ctx,
  input: SetupInput,
): Promise<{ series: Series; created: boolean; mirrorEvents: number; upcoming: MeetingView[] }> {
  await requireOrganiser(ctx);
  const mirrorEvents = parseMirrorEvents(input.mirrorEvents);
  const time = parseTime(input.time);
  const timeZone = parseTimeZone(input.timezone);
  const firstDate = dateKey(parseDate(input.start));
  const weekday = intIn(input.weekday, 1, 7, 'error.weekday');
  const everyWeeks = intIn(input.everyWeeks, 1, 52, 'error.everyWeeks');
  const existing = await getSeriesByChannel(ctx.db, input.channelId);
  if (existing && existing.guildId !== ctx.actor.guildId) throw new UserError('error.noSeries');
  const presenters = intIn(input.presenters ?? existing?.presenters ?? 2, 1, 10, 'error.presenters');
  const link = input.link === undefined ? (existing?.link ?? null) : parseLocation(input.link);
  const durationMin = intIn(
    input.duration ?? existing?.durationMin ?? 60,
    DURATION_MIN,
    DURATION_MAX,
    'error.duration',
  );
  const topicChannelId =
    input.topicChannelId ?? (input.clearTopicChannel ? null : (existing?.topicChannelId ?? null));
  const fields: NewSeries = {
    guildId: ctx.actor.guildId,
    channelId: input.channelId,
    name: parseName(input.name, existing?.name ?? 'Meeting'),
    timeZone,
    weekday,
    hour: time.hour,
    minute: time.minute,
    everyWeeks,
    firstDate,
    durationMin,
    link,
    presenters,
    language: parseLanguage(input.language, existing?.language ?? 'zh-CN'),
    topicChannelId,
    offsets: existing?.offsets ?? DEFAULT_OFFSETS,
    nextPlanAt: ctx.now,
  };

  return transact(ctx, async (tx) => {
    let id: number;
    if (existing) {
      id = existing.id;
      await updateSeries(tx.db, id, fields);
      const recurrenceChanged = (
        ['timeZone', 'weekday', 'hour', 'minute', 'everyWeeks', 'firstDate'] as const
      ).some((k) => existing[k] !== fields[k]);
      if (recurrenceChanged) await retimeUpcoming(tx, (await getSeries(tx.db, id))!);
      else if ((['durationMin', 'link', 'name'] as const).some((k) => existing[k] !== fields[k]))
        await touchUpcoming(tx, existing);
    } else {
      id = await insertSeries(tx.db, fields, tx.now);
    }
    const series = (await getSeries(tx.db, id))!;
    if (mirrorEvents !== undefined) await setMirroredMeetingsOf(tx, series, mirrorEvents);
    await recordChange(tx, series, { action: 'series.setup', before: existing ?? null, after: series });
    return {
      series,
      created: !existing,
      mirrorEvents: await mirroredMeetings(tx, series),
      // The first meetings, for the reply (the series may be another channel's).
      upcoming: await upcomingViews(tx, series, 4),
    };
  });
}

/** After a change of day, time or zone: the upcoming meetings take the new occurrences, in order. */
async function retimeUpcoming(ctx: Ctx, series: Series): Promise<void> {
  const upcoming = await meetingsAfter(ctx.db, series.id, ctx.now);
  const times = occurrencesAfter(recurrenceOf(series), ctx.now, upcoming.length);
  const pauses = await openPauses(ctx.db, series.id, localDateOf(ctx.now, series.timeZone));
  for (const [i, m] of upcoming.entries()) {
    const at = times[i]!;
    const pause = pauseCovering(pauses, localDateOf(at, series.timeZone));
    if (m.status === 'skipped') await retimeMeeting(ctx.db, m.id, at, 'skipped', null);
    else await retimeMeeting(ctx.db, m.id, at, pause ? 'paused' : 'scheduled', pause?.id ?? null);
  }
}
