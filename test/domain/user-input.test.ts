import { describe, expect, it } from 'vitest';
import { isUserError } from '../../src/domain/errors.ts';
import {
  hasVisibleText,
  isUrl,
  parseDate,
  parseDateTime,
  parseLocation,
  parseReason,
  parseTime,
  parseTitle,
} from '../../src/domain/user-input.ts';

function keyOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (isUserError(error)) return `${error.key} ${JSON.stringify(error.params)}`;
    throw error;
  }
  return undefined;
}

describe('user input', () => {
  it('rejects malformed dates and times, naming the value and the form', () => {
    expect(keyOf(() => parseDate('2024-02-30'))).toBe('error.date.invalid {"value":"2024-02-30"}');
    expect(keyOf(() => parseDate('2024-9-1'))).toBe('error.date.format {"value":"2024-9-1"}');
    expect(keyOf(() => parseTime('25:00'))).toBe('error.time.invalid {"value":"25:00"}');
    expect(keyOf(() => parseDateTime('2024-09-01T21:00', 'Asia/Shanghai'))).toBe(
      'error.datetime.format {"value":"2024-09-01T21:00"}',
    );
    expect(parseDate(' 2024-02-29 ')).toEqual({ year: 2024, month: 2, day: 29 });
    expect(new Date(parseDateTime('2024-09-01 21:00', 'Asia/Shanghai')).toISOString()).toBe(
      '2024-09-01T13:00:00.000Z',
    );
  });

  it('takes the first line of a title, trimmed, at most 200 characters, and refuses text that shows nothing', () => {
    expect(parseTitle('\n  Folios in the page cache  \nsecond line')).toBe('Folios in the page cache');
    expect(parseTitle('👩‍💻 Rust drivers')).toBe('👩‍💻 Rust drivers');
    expect(parseTitle('字'.repeat(200))).toHaveLength(200);
    expect(keyOf(() => parseTitle('字'.repeat(201)))).toBe('error.title.tooLong {"max":200,"length":201}');
    for (const invisible of ['', '   ', '\u200b', '\u200d', '\u200e\u200f', '\u0000\u0007', '\u3000']) {
      expect(
        keyOf(() => parseTitle(invisible)),
        JSON.stringify(invisible),
      ).toBe('error.title.empty {}');
      expect(parseReason(invisible)).toBeNull();
      expect(hasVisibleText(invisible)).toBe(false);
    }
    expect(hasVisibleText('\u200bx')).toBe(true);
  });

  it('takes a meeting location as organisers write it: a URL or a meeting number, one line, at most 200 characters', () => {
    for (const written of [
      '腾讯会议 586-9766-3285',
      '#腾讯会议:586-9766-3285',
      'Zoom 812 3456 7890, passcode 4321',
      'https://meeting.tencent.com/dm/abc?pwd=1',
    ]) {
      expect(parseLocation(`  ${written}  `)).toBe(written);
    }
    expect(isUrl('https://meeting.tencent.com/dm/abc?pwd=1')).toBe(true);
    expect(isUrl('腾讯会议 586-9766-3285')).toBe(false);
    expect(isUrl('https://exa mple.com')).toBe(false);
    // Zero-width characters and tabs go; mentions and markdown stay as text (renders defuse them).
    expect(parseLocation('Zoom\u200b 812\t3456\u2060')).toBe('Zoom 812 3456');
    expect(parseLocation('@everyone **join** <@&1>')).toBe('@everyone **join** <@&1>');
    expect(parseLocation('会'.repeat(200))).toHaveLength(200);
    expect(keyOf(() => parseLocation('会'.repeat(201)))).toBe(
      'error.location.tooLong {"max":200,"length":201}',
    );
    expect(keyOf(() => parseLocation('x'.repeat(6000)))).toBe(
      'error.location.tooLong {"max":200,"length":6000}',
    );
    expect(keyOf(() => parseLocation('Zoom 812\npasscode 4321'))).toBe('error.location.lines {}');
    expect(keyOf(() => parseLocation('Zoom 812\u2028passcode'))).toBe('error.location.lines {}');
    expect(keyOf(() => parseLocation(' \u200b\u200d '))).toBe('error.location.empty {}');
    expect(keyOf(() => parseLocation(''))).toBe('error.location.empty {}');
  });
});
