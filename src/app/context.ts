import { UserError } from '../domain/errors.ts';
import { isCancelled, type Meeting, type Series } from '../domain/model.ts';
import type { Recurrence } from '../domain/recurrence.ts';
import { dateKey, epochDay, fromEpochDay, parseDate } from '../domain/user-input.ts';
import { fromLocal, localDateOf } from '../domain/zoned-time.ts';
import { writeAudit } from '../store/audit.ts';
import { type Db, inTransaction } from '../store/db.ts';
import { meetingsTouching, nextHeldMeeting } from '../store/meetings.ts';
import { getSeriesByChannel } from '../store/series.ts';
import { organiserRoleOf } from '../store/settings.ts';

/** Who is acting, where: what Discord tells us about the user of an interaction. */
export interface Actor {
  userId: string;
  guildId: string;
  channelId: string;
  /** Has Manage Events or Manage Server in this channel. */
  canManage: boolean;
  roleIds: readonly string[];
}

/** Everything an action needs: the database, the current instant, and the actor. */
export interface Ctx {
  db: Db;
  now: number;
  actor: Actor;
}

export async function isOrganiser(db: Db, actor: Actor): Promise<boolean> {
  if (actor.canManage) return true;
  const role = await organiserRoleOf(db, actor.guildId);
  return role !== null && actor.roleIds.includes(role);
}

export async function requireOrganiser(ctx: Ctx): Promise<void> {
  if (!(await isOrganiser(ctx.db, ctx.actor))) throw new UserError('error.notOrganiser');
}

/** The series bound to the channel the actor is in. */
export async function requireSeries(ctx: Ctx): Promise<Series> {
  const series = await getSeriesByChannel(ctx.db, ctx.actor.channelId);
  if (!series || series.guildId !== ctx.actor.guildId || !series.active)
    throw new UserError('error.noSeries');
  return series;
}

export function recurrenceOf(s: Series): Recurrence {
  const d = parseDate(s.firstDate);
  return {
    timeZone: s.timeZone,
    weekday: s.weekday,
    hour: s.hour,
    minute: s.minute,
    everyWeeks: s.everyWeeks,
    firstDate: d,
  };
}

/** The instants [start, end) of a local day in the series' zone. */
export function dayRange(dateText: string, timeZone: string): [number, number] {
  const d = parseDate(dateText);
  const next = fromEpochDay(epochDay(d) + 1);
  return [
    fromLocal({ ...d, hour: 0, minute: 0 }, timeZone),
    fromLocal({ ...next, hour: 0, minute: 0 }, timeZone),
  ];
}

/**
 * The meeting a `meeting` option names: its local date (the planned date or the
 * date it was moved to), or by default the next upcoming meeting that is held.
 */
export async function resolveMeeting(
  ctx: Ctx,
  series: Series,
  dateText: string | undefined,
  opts: { upcoming?: boolean; held?: boolean } = {},
): Promise<Meeting> {
  let meeting: Meeting | undefined;
  if (dateText === undefined || dateText.trim() === '') {
    meeting = await nextHeldMeeting(ctx.db, series.id, ctx.now);
    if (!meeting) throw new UserError('error.meeting.noneUpcoming');
  } else {
    const date = dateKey(parseDate(dateText));
    const [from, to] = dayRange(date, series.timeZone);
    const found = await meetingsTouching(ctx.db, series.id, from, to);
    meeting = found.find((m) => m.startsAt >= from && m.startsAt < to) ?? found[0];
    if (!meeting) throw new UserError('error.meeting.notFound', { date });
  }
  return requireMeetingState(ctx, { series, meeting }, opts);
}

/** The meeting, after checking what the action needs of it: that it is still to come, that it is held. */
export function requireMeetingState(
  ctx: Ctx,
  { series, meeting }: { series: Series; meeting: Meeting },
  opts: { upcoming?: boolean; held?: boolean },
): Meeting {
  if (opts.upcoming && meeting.startsAt <= ctx.now) {
    throw new UserError('error.meeting.past', { date: localDateOf(meeting.startsAt, series.timeZone) });
  }
  if (opts.held && isCancelled(meeting)) {
    throw new UserError('error.meeting.cancelled', { date: localDateOf(meeting.startsAt, series.timeZone) });
  }
  return meeting;
}

export async function audit(
  ctx: Ctx,
  series: Series | null,
  action: string,
  before: unknown,
  after: unknown,
): Promise<number> {
  return writeAudit(ctx.db, {
    guildId: ctx.actor.guildId,
    seriesId: series?.id ?? null,
    actorId: ctx.actor.userId,
    action,
    before,
    after,
    at: ctx.now,
  });
}

/**
 * Runs an action's work in one write transaction: one transaction per action.
 * `fn` gets a `Ctx` whose `db` is the transaction; use only that inside (on
 * SQLite the outer handle would wait for the transaction it is in). On
 * PostgreSQL the guild's advisory lock makes an action's check-then-write safe,
 * as SQLite's write lock does.
 */
export function transact<T>(ctx: Ctx, fn: (tx: Ctx) => Promise<T>): Promise<T> {
  return inTransaction(ctx.db, (db) => fn({ ...ctx, db }), { lock: ctx.actor.guildId });
}
