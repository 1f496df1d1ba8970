import type { Language } from '../domain/model.ts';
import { en, type MessageKey } from './en.ts';
import { zhCN } from './zh-CN.ts';

export type { MessageKey };

const catalogs: Record<Language, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

/** Picks the catalog for a Discord locale: zh-CN (and zh-TW, as the nearer one) or English. */
export function languageOf(locale: string | null | undefined): Language {
  return locale?.startsWith('zh') ? 'zh-CN' : 'en';
}

/** The message for `key` in `lang`, with `{name}` placeholders filled from `params`. */
export function t(lang: Language, key: MessageKey, params: Record<string, string | number> = {}): string {
  return catalogs[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}
