/**
 * Wall-clock time in an IANA timezone ⇄ UTC instants, without the host's zone.
 *
 * Rules (docs/rules.md#time-and-dst):
 * - a local time that exists once maps to that instant;
 * - an ambiguous local time (autumn fall-back) takes the FIRST occurrence;
 * - a local time inside a spring-forward gap moves to the first valid instant
 *   after it, which is the transition itself (02:30 in a 02:00→03:00 gap → 03:00).
 */

export interface LocalDateTime {
  year: number;
  month: number; // 1–12
  day: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when `timeZone` is an IANA name this runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  if (!timeZone || timeZone.length > 64) return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

type LocalFields = Readonly<LocalDateTime & { second: number }>;

/** Recent answers of `toLocal`: the same instants come back again and again (a reply, a planning pass). */
const recent = new Map<string, LocalFields>();
const RECENT_MAX = 2048;

/** The local wall-clock fields of `instant` (ms) in `timeZone`. */
export function toLocal(instant: number, timeZone: string): LocalFields {
  const key = `${timeZone} ${instant}`;
  const known = recent.get(key);
  if (known) return known;
  const parts = formatterFor(timeZone).formatToParts(new Date(instant));
  const get = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((p) => p.type === type)?.value ?? Number.NaN);
  const local = Object.freeze({
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  });
  if (recent.size >= RECENT_MAX) recent.clear();
  recent.set(key, local);
  return local;
}

/** Offset of `timeZone` from UTC at `instant`, in ms (e.g. +8 h for Asia/Shanghai). */
export function offsetAt(instant: number, timeZone: string): number {
  const l = toLocal(instant, timeZone);
  const asUtc = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

const DAY = 86_400_000;
const MINUTE = 60_000;

/** The instant at which `local` happens in `timeZone`, by the rules above. */
export function fromLocal(local: LocalDateTime, timeZone: string): number {
  const naive = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  const before = offsetAt(naive - DAY, timeZone);
  const after = offsetAt(naive + DAY, timeZone);
  const candidates = [naive - before, naive - after].filter((t) => offsetAt(t, timeZone) === naive - t);
  if (candidates.length > 0) return Math.min(...candidates);
  // In a gap: find the transition between the two offsets, to the minute.
  let lo = naive - before - DAY;
  let hi = naive - after + DAY;
  while (hi - lo > MINUTE) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
    if (offsetAt(mid, timeZone) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** `YYYY-MM-DD` of `instant` in `timeZone`. */
export function localDateOf(instant: number, timeZone: string): string {
  const l = toLocal(instant, timeZone);
  return formatDate(l.year, l.month, l.day);
}

/** `YYYY-MM-DD HH:mm` of `instant` in `timeZone`. */
export function localDateTimeOf(instant: number, timeZone: string): string {
  const l = toLocal(instant, timeZone);
  return `${formatDate(l.year, l.month, l.day)} ${pad(l.hour)}:${pad(l.minute)}`;
}

export function formatDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
