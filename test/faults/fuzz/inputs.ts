/**
 * What a member can type into a string option or a form: hand-picked nasty
 * values, and fast-check arbitraries that mix them with random text.
 */
import fc from 'fast-check';

/** Ids that belong to nobody in the fixture: any of them shown live in a reply came from user text. */
export const FOREIGN = {
  user: '123456789012345678',
  role: '223456789012345678',
  channel: '323456789012345678',
} as const;

const ZW = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff'];
const BIDI = ['\u200e', '\u200f', '\u202a', '\u202b', '\u202d', '\u202e', '\u2066', '\u2067', '\u2069'];

/** Real ids to try to ping, and the date of a real upcoming meeting to wrap nasty text around. */
export interface Real {
  user: string;
  role: string;
  /** `YYYY-MM-DD` of an upcoming meeting. */
  date: string;
}

function fullWidth(text: string): string {
  return text.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));
}

/** Pieces that are nasty on their own and get spliced into other text. */
export function nastyPieces(real: Real): string[] {
  return [
    '@everyone',
    '@here',
    '@everyone @here',
    '@@everyone',
    '@\u200beveryone',
    '@everyone\u200b',
    '＠everyone',
    `<@&${FOREIGN.role}>`,
    `<@${FOREIGN.user}>`,
    `<@!${FOREIGN.user}>`,
    `<#${FOREIGN.channel}>`,
    `<@&${real.role}>`,
    `<@${real.user}>`,
    '<t:0:F>',
    '<a:party:123456789012345678>',
    '</meeting show:123456789012345678>',
    '**bold**',
    '__under__',
    '~~strike~~',
    '||spoiler||',
    '`code`',
    '```js\nprocess.exit(1)\n```',
    '# heading',
    '> quote',
    '>>> block quote',
    '- item',
    '1. item',
    '[click](https://evil.example/@everyone)',
    'https://evil.example/@here',
    '\\',
    '\\`',
    '\n',
    '\r\n',
    '\u2028',
    '\t',
    '\u0000',
    '\u0007\u001b[31m',
    '\u007f',
    '\ud800',
    '\udfff',
    '\ud83d\ude00',
    '👨‍👩‍👧‍👦',
    'é',
    'ﷺ',
    '𒐫',
    ...ZW,
    ...BIDI,
    "'); DROP TABLE series;--",
    '" OR 1=1 --',
    '%s %d %n',
    '{value}',
    '{{user}}',
    '$' + '{process.env}',
    '__proto__',
    'constructor',
    'null',
    'NaN',
    '-1',
    '9'.repeat(30),
    real.date,
    '2024-02-30',
    fullWidth(real.date),
    `${real.date} 23:00`,
    '21:00',
    '24:00',
    'Asia/Shanghai',
    '../../etc/passwd',
    'https://meet.example/kernel',
    'javascript:alert(1)',
  ];
}

/**
 * Whole values, each sent once into every string option: the nasty pieces
 * grouped by kind (mentions one by one, since each is checked on its own),
 * blank and invisible ones, near-valid dates, and long ones past every limit.
 */
export function nastyValues(real: Real): string[] {
  const pieces = nastyPieces(real);
  return [
    // Mentions.
    '@everyone',
    '@here',
    '@@everyone @\u200beveryone ＠here',
    `<@&${FOREIGN.role}>`,
    `<@${FOREIGN.user}> <@!${FOREIGN.user}>`,
    `<#${FOREIGN.channel}>`,
    `<@&${real.role}>`,
    `<@${real.user}>`,
    '<t:0:F> <a:party:123456789012345678> </meeting show:123456789012345678>',
    `21:00 @here <@&${real.role}>`,
    // Markdown.
    '**bold** __under__ ~~strike~~ ||spoiler|| `code`',
    '```js\nprocess.exit(1)\n```',
    '``` @everyone ```',
    '# heading',
    '> quote\n>>> block quote',
    '- item\n1. item',
    '[click](https://evil.example/@everyone)',
    '\\',
    '\\`@everyone`',
    // Blank, invisible, control characters, broken UTF-16.
    '',
    ' ',
    '   \n\t  ',
    '\r\n',
    '\u2028\u2029',
    '\u0000',
    '\u0001\u0007\u001b[31m\u007f',
    ZW.join(''),
    BIDI.join(''),
    '\ud800',
    '\udfff',
    `a\ud800b\udc00c`,
    '\ud83d\ude00 👨‍👩‍👧‍👦 é ﷺ 𒐫',
    // Injection-looking text.
    "'); DROP TABLE series;--",
    '" OR 1=1 --',
    '%s %d %n {value} {{user}} $' + '{process.env}',
    '__proto__',
    'constructor',
    'null',
    'NaN',
    '-1',
    '9'.repeat(30),
    '../../etc/passwd',
    'javascript:alert(1)',
    // Nearly valid: dates, times, zones, links with something around them.
    real.date,
    '2024-02-30',
    fullWidth(real.date),
    `${real.date} 23:00`,
    '24:00',
    'Asia/Shanghai',
    'https://meet.example/kernel',
    BIDI.join(real.date),
    `\u202e${[...real.date].reverse().join('')}`,
    `${real.date}\u200b`,
    ` ${real.date} `,
    `${real.date}\n@everyone`,
    // Long: past 200 (titles), 2000 (a message), 4000 (a summary) and 6000 (embeds).
    'x'.repeat(201),
    'x'.repeat(5000),
    '@everyone '.repeat(600),
    `<@${FOREIGN.user}>`.repeat(300),
    '\n'.repeat(3000),
    '\u0000'.repeat(2500),
    '👨‍👩‍👧‍👦'.repeat(700),
    '\ud800'.repeat(2100),
    '*'.repeat(4000),
    '`'.repeat(2001),
    '\\'.repeat(2001),
    pieces.join(' ').repeat(8),
    pieces.join(''),
  ];
}

/** One code unit or character from the nasty alphabet: controls, surrogates, marks, markdown. */
const nastyUnit = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)) },
  { weight: 1, arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)) },
  { weight: 1, arbitrary: fc.constantFrom(...ZW, ...BIDI) },
  {
    weight: 2,
    arbitrary: fc.constantFrom('@', '<', '>', '#', '&', '!', '*', '_', '~', '|', '`', '\\', '\n'),
  },
);

/**
 * A fuzzed string value: random text of every kind, nasty pieces spliced
 * into a valid value (so it gets past the first checks), and long runs.
 */
export function fuzzString(real: Real, valid: string): fc.Arbitrary<string> {
  const pieces = nastyPieces(real);
  const piece = fc.oneof(
    fc.constantFrom(...pieces),
    fc.string({ unit: nastyUnit, maxLength: 12 }),
    fc.constant(valid),
  );
  return fc.oneof(
    { weight: 3, arbitrary: fc.string({ maxLength: 60 }) },
    { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }) },
    { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
    { weight: 4, arbitrary: fc.string({ unit: nastyUnit, maxLength: 80 }) },
    { weight: 6, arbitrary: fc.array(piece, { minLength: 1, maxLength: 6 }).map((p) => p.join('')) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom(...pieces, valid), fc.integer({ min: 150, max: 6000 }))
        .map(([p, n]) => p.repeat(Math.ceil(n / Math.max(1, p.length))).slice(0, n)),
    },
  );
}
