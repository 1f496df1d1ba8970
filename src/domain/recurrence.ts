import { epochDay, fromEpochDay, isoWeekday, type LocalDate } from './user-input.ts';
import { fromLocal, localDateOf } from './zoned-time.ts';

/** When a series meets: every `everyWeeks` weeks on `weekday` at `hour:minute`, from `firstDate`, in `timeZone`. */
export interface Recurrence {
  timeZone: string;
  weekday: number; // ISO: 1 = Monday … 7 = Sunday
  hour: number;
  minute: number;
  everyWeeks: number;
  firstDate: LocalDate;
}

/** The epoch day of the first meeting: the first `weekday` on or after `firstDate`. */
function anchorDay(rule: Recurrence): number {
  const first = epochDay(rule.firstDate);
  return first + ((rule.weekday - isoWeekday(rule.firstDate) + 7) % 7);
}

/** The instant of the k-th occurrence (k ≥ 0), keeping wall-clock time across DST. */
export function occurrence(rule: Recurrence, k: number): number {
  const day = fromEpochDay(anchorDay(rule) + k * 7 * rule.everyWeeks);
  return fromLocal({ ...day, hour: rule.hour, minute: rule.minute }, rule.timeZone);
}

/** The next `count` occurrences strictly after `after` (ms), in order. */
export function occurrencesAfter(rule: Recurrence, after: number, count: number): number[] {
  const anchor = anchorDay(rule);
  const [y, m, d] = localDateOf(after, rule.timeZone).split('-').map(Number) as [number, number, number];
  const today = epochDay({ year: y, month: m, day: d });
  const period = 7 * rule.everyWeeks;
  let k = Math.max(0, Math.floor((today - anchor) / period) - 1);
  const out: number[] = [];
  while (out.length < count) {
    const t = occurrence(rule, k);
    if (t > after) out.push(t);
    k += 1;
  }
  return out;
}
