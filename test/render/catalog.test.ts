import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.ts';
import { zhCN } from '../../src/i18n/zh-CN.ts';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogs', () => {
  it('have the same keys, each translated, with the same placeholders', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
    for (const [key, english] of Object.entries(en)) {
      const chinese = zhCN[key as keyof typeof en];
      expect(chinese.trim(), key).not.toBe('');
      expect(placeholders(chinese), key).toEqual(placeholders(english));
    }
  });

  it('differ between the languages for every sentence', () => {
    const same = Object.entries(en).filter(
      ([key, english]) => zhCN[key as keyof typeof en] === english && /[a-z]{3}/i.test(english),
    );
    // Only pure markup (no words) may be shared.
    expect(same.map(([key]) => key).sort()).toEqual([
      'export.pause',
      'history.line',
      'reply.meeting.time',
      'reply.schedule.lineCancelled',
    ]);
  });
});
