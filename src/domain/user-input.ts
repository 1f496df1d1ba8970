import { UserError } from './errors.ts';
import { formatDate, fromLocal, isValidTimeZone } from './zoned-time.ts';

/** A calendar date without a zone: `YYYY-MM-DD`. */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2})$/;
const DATE_TIME = /^(\S+)\s+(\S+)$/;

export const TITLE_MAX = 200;

/** Whether user text shows anything: not only spaces, zero-width characters, direction marks or controls. */
export function hasVisibleText(text: string): boolean {
  return /[^\s\p{Cc}\p{Cf}\p{Z}]/u.test(text);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Parses a strict `YYYY-MM-DD`; `2024-02-30` and `2024-9-1` are rejected. */
export function parseDate(input: string): LocalDate {
  const text = input.trim();
  const m = DATE.exec(text);
  if (!m) throw new UserError('error.date.format', { value: text });
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1970 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new UserError('error.date.invalid', { value: text });
  }
  return { year, month, day };
}

/** Parses a strict 24-hour `HH:mm`; `25:00` and `9:00` are rejected. */
export function parseTime(input: string): { hour: number; minute: number } {
  const text = input.trim();
  const m = TIME.exec(text);
  if (!m) throw new UserError('error.time.format', { value: text });
  const [hour, minute] = [Number(m[1]), Number(m[2])];
  if (hour > 23 || minute > 59) throw new UserError('error.time.invalid', { value: text });
  return { hour, minute };
}

/** Parses `YYYY-MM-DD HH:mm` in `timeZone` into a UTC instant (ms). */
export function parseDateTime(input: string, timeZone: string): number {
  const text = input.trim();
  const m = DATE_TIME.exec(text);
  if (!m) throw new UserError('error.datetime.format', { value: text });
  const date = parseDate(m[1]!);
  const time = parseTime(m[2]!);
  return fromLocal({ ...date, ...time }, timeZone);
}

export function parseTimeZone(input: string): string {
  const text = input.trim();
  if (!isValidTimeZone(text)) throw new UserError('error.timezone', { value: text.slice(0, 64) });
  return text;
}

export function dateKey(d: LocalDate): string {
  return formatDate(d.year, d.month, d.day);
}

/** Days since 1970-01-01 of a local date, for calendar arithmetic. */
export function epochDay(d: LocalDate): number {
  return Math.round(Date.UTC(d.year, d.month - 1, d.day) / 86_400_000);
}

export function fromEpochDay(n: number): LocalDate {
  const t = new Date(n * 86_400_000);
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

/** ISO weekday of a local date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(d: LocalDate): number {
  const w = new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
  return w === 0 ? 7 : w;
}

/**
 * A talk title: first line, trimmed, not empty, at most 200 characters.
 * Mentions are kept as text; every send disables them (allowedMentions).
 */
export function parseTitle(input: string): string {
  const firstLine = (input.split(/\r?\n/).find((line) => line.trim() !== '') ?? '').trim();
  // Zero-width and control characters make a title look empty or garble it
  // (the zero-width joiner stays: emoji sequences need it).
  const cleaned = firstLine.replace(/(?!\u200d)[\p{Cc}\p{Cf}\u2028\u2029]/gu, '').trim();
  if (!hasVisibleText(cleaned)) throw new UserError('error.title.empty');
  const length = [...cleaned].length;
  if (length > TITLE_MAX) throw new UserError('error.title.tooLong', { max: TITLE_MAX, length });
  return cleaned;
}

export const LOCATION_MAX = 200;

/** Whether a location is a web address (shown as a link) rather than text such as a meeting number. */
export function isUrl(text: string): boolean {
  if (!/^https?:\/\/\S+$/i.test(text)) return false;
  try {
    new URL(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * The meeting location as organisers write it: a URL, or a service with a
 * meeting number and passcode (`腾讯会议 586-9766-3285`, `#腾讯会议:586-9766-3285`,
 * `Zoom 812 3456 7890, passcode 4321`). One line, trimmed, at most 200
 * characters; zero-width and control characters are dropped, runs of spaces
 * folded. Anything else is accepted as written: every place that shows it
 * makes it safe (no pings, no markdown, within limits).
 */
export function parseLocation(input: string): string {
  const text = input.trim();
  if (/[\r\n\u2028\u2029\v\f]/.test(text)) throw new UserError('error.location.lines');
  const cleaned = text
    .replace(/\s+/g, ' ')
    .replace(/(?!\u200d)[\p{Cc}\p{Cf}]/gu, '')
    .replace(/ {2,}/g, ' ')
    .trim();
  if (!hasVisibleText(cleaned)) throw new UserError('error.location.empty');
  const length = [...cleaned].length;
  if (length > LOCATION_MAX) throw new UserError('error.location.tooLong', { max: LOCATION_MAX, length });
  return cleaned;
}

/** Bounded free text such as a reason: trimmed, single line, at most `max` characters. */
export function parseReason(input: string | undefined, max = 200): string | null {
  if (input === undefined) return null;
  const text = input.replace(/\s+/g, ' ').trim();
  if (!hasVisibleText(text)) return null;
  if ([...text].length > max) throw new UserError('error.reason.tooLong', { max });
  return text;
}
