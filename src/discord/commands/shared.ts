import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { en } from '../../i18n/en.ts';
import { zhCN } from '../../i18n/zh-CN.ts';

/**
 * The `meeting` option: a meeting's local date (`YYYY-MM-DD`, series
 * timezone), with autocomplete of the channel's upcoming meetings.
 */
export function meetingOption<R extends boolean>(required: R, description: string, zhDescription: string) {
  return {
    type: ApplicationCommandOptionType.String,
    name: 'meeting',
    name_localizations: { 'zh-CN': '例会日期' },
    description,
    description_localizations: { 'zh-CN': zhDescription },
    required,
    autocomplete: true,
  } as const;
}

/** Optional free-text reason shown in the notice. */
export const reasonOption = {
  type: ApplicationCommandOptionType.String,
  name: 'reason',
  name_localizations: { 'zh-CN': '原因' },
  description: 'Why; shown in the notice',
  description_localizations: { 'zh-CN': '原因，会显示在通知里' },
  max_length: 200,
} as const;

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** Weekday choices 1 (Monday) to 7 (Sunday), named from the catalogs. */
export const weekdayChoices = WEEKDAYS.map((n) => ({
  name: en[`weekday.${n}`],
  name_localizations: { 'zh-CN': zhCN[`weekday.${n}`] },
  value: n,
}));
