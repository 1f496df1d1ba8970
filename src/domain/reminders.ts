/**
 * When each reminder is due, and until when it is still worth sending
 * (docs/rules.md#reminders and docs/rules.md#catch-up-and-staleness). Pure: instants in, instants out.
 *
 * Catch-up rule, per kind (a row due while the bot was down is sent late while
 * it is still useful, and marked stale otherwise):
 * - title request, title nudge: until the meeting starts;
 * - agenda: until the meeting ends (start + duration);
 * - follow-up: for 24 hours after it was due;
 * - change notice: for 24 hours after it was due, and never after the meeting it
 *   is about has started (a call for a volunteer included); the notice that a
 *   pause is over is due when the pause ends; a new summary: for 24 hours;
 * - scheduled-event mirror: until the meeting starts;
 * - delivery-failure alert to organisers: for 7 days;
 * - a swap request: like a change notice (it expires before its meeting anyway).
 */
import type { Meeting, ReminderKind, ReminderOffsets, Series } from './model.ts';
import type { NoticeKind } from './notices.ts';
import { fromLocal, toLocal } from './zoned-time.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const REMINDER_KINDS: readonly ReminderKind[] = [
  'title_request',
  'title_nudge',
  'agenda',
  'follow_up',
];

/** The change notices: their kinds are the variants of `Notice` (domain/notices.ts). */
export type NoticeType = NoticeKind;

export type OutboxKind =
  | ReminderKind
  | `notice:${NoticeType}`
  | 'alert:failed'
  | 'alert:mirror'
  | 'swap:request';

const OFFSET_OF: Record<ReminderKind, keyof ReminderOffsets> = {
  title_request: 'titleRequest',
  title_nudge: 'titleNudge',
  agenda: 'agenda',
  follow_up: 'followUp',
};

/**
 * `offsetMin` minutes before `startsAt` (after it, if negative). Whole days are
 * counted on the wall clock of the series' zone, so "2 days before Sunday
 * 10:00" is Friday 10:00 even when the clocks change in between; other
 * offsets are plain durations ("1 hour before").
 */
export function beforeStart(startsAt: number, offsetMin: number, timeZone: string): number {
  if (offsetMin === 0 || offsetMin % (24 * 60) !== 0) return startsAt - offsetMin * MINUTE;
  const l = toLocal(startsAt, timeZone);
  const day = new Date(Date.UTC(l.year, l.month - 1, l.day) - (offsetMin / (24 * 60)) * DAY);
  return fromLocal(
    {
      year: day.getUTCFullYear(),
      month: day.getUTCMonth() + 1,
      day: day.getUTCDate(),
      hour: l.hour,
      minute: l.minute,
    },
    timeZone,
  );
}

/** Due instant of one reminder kind for a meeting, or null when the series turned it off. */
export function reminderDueAt(
  series: Pick<Series, 'offsets' | 'timeZone'>,
  meeting: Pick<Meeting, 'startsAt'>,
  kind: ReminderKind,
): number | null {
  const offset = series.offsets[OFFSET_OF[kind]];
  return offset === null ? null : beforeStart(meeting.startsAt, offset, series.timeZone);
}

/** The moment titles are due: when missing ones are escalated (the nudge), one day before by default. */
export function titleDeadline(
  series: Pick<Series, 'offsets' | 'timeZone'>,
  meeting: Pick<Meeting, 'startsAt'>,
): number {
  return beforeStart(meeting.startsAt, series.offsets.titleNudge ?? 24 * 60, series.timeZone);
}

export function meetingEnd(series: Pick<Series, 'durationMin'>, meeting: Pick<Meeting, 'startsAt'>): number {
  return meeting.startsAt + series.durationMin * MINUTE;
}

export interface UsefulnessInput {
  kind: string;
  dueAt: number;
  createdAt: number;
  meetingStartsAt: number | null;
  meetingEndsAt: number | null;
}

/** Until when a post is worth sending; after this it is stale. */
export function usefulUntil(p: UsefulnessInput): number {
  switch (p.kind) {
    case 'title_request':
    case 'title_nudge':
      return p.meetingStartsAt ?? p.dueAt;
    case 'agenda':
      return p.meetingEndsAt ?? p.dueAt;
    case 'follow_up':
      return p.dueAt + DAY;
    case 'alert:failed':
      return p.createdAt + 7 * DAY;
    case 'notice:minutes':
      return p.dueAt + DAY;
    case 'event:sync':
      return p.meetingStartsAt ?? p.dueAt;
    default: {
      const window = p.dueAt + DAY;
      return p.meetingStartsAt === null ? window : Math.min(window, p.meetingStartsAt);
    }
  }
}

/** Capped exponential backoff for a failed send: 5 s, 10 s, 20 s … at most 10 min; a server's retry-after wins if longer. */
export function retryDelay(attempts: number, retryAfterMs?: number): number {
  const backoff = Math.min(5_000 * 2 ** Math.max(0, attempts - 1), 10 * MINUTE);
  return Math.max(backoff, retryAfterMs ?? 0);
}

/**
 * Attempts after which a row is marked failed and organisers are told: a
 * transient failure (5xx, timeout, rate limit) is retried for about three and a
 * half hours of outage; a permanent one (no access, unknown channel) three times.
 */
export function maxAttempts(transient: boolean): number {
  return transient ? 24 : 3;
}
