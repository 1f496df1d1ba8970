/**
 * Human-readable local times for text that leaves Discord (announcements,
 * exports, calendars), where `<t:…>` timestamps do not render: dayjs in the
 * series' zone and language.
 */
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';
import 'dayjs/locale/zh-cn.js';
import type { Language } from '../domain/model.ts';

dayjs.extend(utc);
dayjs.extend(timezone);

const FORMAT: Record<Language, { dateTime: string; date: string; time: string; locale: string }> = {
  en: { dateTime: 'dddd D MMMM YYYY, HH:mm', date: 'YYYY-MM-DD', time: 'HH:mm', locale: 'en' },
  'zh-CN': { dateTime: 'YYYY年M月D日 dddd HH:mm', date: 'YYYY-MM-DD', time: 'HH:mm', locale: 'zh-cn' },
};

/** "Thursday 1 August 2024, 21:00" / "2024年8月1日 星期四 21:00", in `timeZone`. */
export function longDateTime(instant: number, timeZone: string, lang: Language): string {
  const f = FORMAT[lang];
  return dayjs(instant).tz(timeZone).locale(f.locale).format(f.dateTime);
}

/** A dayjs time in `timeZone`, for libraries that take one (ical-generator formats it in that zone). */
export function zoned(instant: number, timeZone: string): dayjs.Dayjs {
  return dayjs(instant).tz(timeZone);
}

/** `YYYY-MM-DD HH:mm` in `timeZone`. */
export function shortDateTime(instant: number, timeZone: string): string {
  return dayjs(instant).tz(timeZone).format('YYYY-MM-DD HH:mm');
}
