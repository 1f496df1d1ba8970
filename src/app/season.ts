import { UserError } from '../domain/errors.ts';
import type { Pause, Series } from '../domain/model.ts';
import { dateKey, epochDay, parseDate } from '../domain/user-input.ts';
import { toLocal } from '../domain/zoned-time.ts';
import type { Db } from '../store/db.ts';
import { meetingsBetween } from '../store/meetings.ts';
import { type Minutes, minutesOfMeeting } from '../store/minutes.ts';
import { type OutboxRow, sentNotices } from '../store/outbox.ts';
import { pausesBetween } from '../store/pauses.ts';
import { type Ctx, dayRange, requireOrganiser, requireSeries } from './context.ts';
import { type MeetingView, meetingView } from './views.ts';

export interface SeasonData {
  series: Series;
  /** First and last day, `YYYY-MM-DD`, both included. */
  from: string;
  to: string;
  meetings: (MeetingView & { minutes: Minutes[] })[];
  pauses: Pause[];
  notices: OutboxRow[];
}

/** The half-year containing `now` in the series' zone: 1 January–30 June or 1 July–31 December. */
export function currentHalfYear(now: number, timeZone: string): [string, string] {
  const { year, month } = toLocal(now, timeZone);
  return month <= 6 ? [`${year}-01-01`, `${year}-06-30`] : [`${year}-07-01`, `${year}-12-31`];
}

/** Everything about a series' season from `from` to `to` (both days included). */
export async function seasonData(db: Db, series: Series, from: string, to: string): Promise<SeasonData> {
  const start = dayRange(from, series.timeZone)[0];
  const end = dayRange(to, series.timeZone)[1];
  const meetings: SeasonData['meetings'] = [];
  for (const m of await meetingsBetween(db, series.id, start, end)) {
    meetings.push({ ...(await meetingView(db, series, m)), minutes: await minutesOfMeeting(db, m.id) });
  }
  return {
    series,
    from,
    to,
    meetings,
    pauses: await pausesBetween(db, series.id, from, to),
    notices: (await sentNotices(db, series.id, start, end)).filter((n) => n.kind !== 'notice:minutes'),
  };
}

/** Checks an export range: dates, order, at most about two years. Defaults to the current half-year. */
export function seasonRange(
  now: number,
  timeZone: string,
  input: { from?: string; to?: string },
): [string, string] {
  const [defaultFrom, defaultTo] = currentHalfYear(now, timeZone);
  const from = input.from === undefined ? defaultFrom : dateKey(parseDate(input.from));
  const to = input.to === undefined ? defaultTo : dateKey(parseDate(input.to));
  if (to < from) throw new UserError('error.range.order', { from, to });
  if (epochDay(parseDate(to)) - epochDay(parseDate(from)) > 800)
    throw new UserError('error.range.tooLong', { days: 800 });
  return [from, to];
}

/** `/season export`: the season page's data for the channel's series (organisers). */
export async function exportSeason(ctx: Ctx, input: { from?: string; to?: string }): Promise<SeasonData> {
  await requireOrganiser(ctx);
  const series = await requireSeries(ctx);
  const [from, to] = seasonRange(ctx.now, series.timeZone, input);
  return seasonData(ctx.db, series, from, to);
}
