/**
 * Hostile text for the web: the fuzz test's bad-input corpus, plus what is
 * aimed at HTML in particular, written straight into the database (titles,
 * names, groups, reasons, summaries, the location, the series name) so that
 * none is stopped by input checks before it reaches the page.
 */
import type { Db } from '../../src/store/db.ts';
import { saveNames, storedNames } from '../../src/store/member-names.ts';
import { nastyPieces } from '../faults/fuzz/inputs.ts';

export const HTML_ATTACKS = [
  '<script>window.__pwned = 1; alert(1)</script>',
  '"><img src=x onerror="window.__pwned=1">',
  "'><svg onload=alert(1)>",
  '</title><script>alert(1)</script>',
  '</textarea></bdi><iframe src="https://evil.example/"></iframe>',
  '<a href="javascript:alert(1)">click</a>',
  '<style>body{display:none}</style>',
  '<link rel=stylesheet href=https://evil.example/x.css>',
  '&lt;b&gt;not bold&lt;/b&gt; &amp;',
  '<!--',
  ']]><![CDATA[',
  '{{constructor.constructor("alert(1)")()}}',
  'data:text/html,<script>alert(1)</script>',
];

/** Every corpus string (fuzz pieces and HTML attacks), in a stable order. */
export function hostileCorpus(): string[] {
  return [
    ...nastyPieces({ user: '400000000000000001', role: '500000000000000001', date: '2024-08-01' }),
    ...HTML_ATTACKS,
  ];
}

/** A title fits the column (1–200 characters). */
const asTitle = (s: string) => [...s].slice(0, 200).join('') || '?';

/**
 * Puts hostile text everywhere the page and feeds show user text, one corpus
 * string after another; returns what was written where.
 */
export async function poison(db: Db, seriesId: number, guildId: string, now: number) {
  const corpus = hostileCorpus();
  // PostgreSQL's text cannot hold U+0000 at all: there, what is written leaves it out.
  const storable = (text: string) => (db.engine === 'postgres' ? text.replaceAll('\u0000', '') : text);
  let i = 0;
  const next = () => storable(corpus[i++ % corpus.length]!);
  const name = storable(`Kernel ${HTML_ATTACKS[0]}`);
  const location = storable(HTML_ATTACKS[1]!);
  await db.run('UPDATE series SET name = ?, link = ? WHERE id = ?', [name, location, seriesId]);
  const slots = await db.all<{ id: number; user_id: string }>(
    `SELECT s.id, s.user_id FROM slots s JOIN meetings m ON m.id = s.meeting_id
     WHERE m.series_id = ? AND s.user_id IS NOT NULL ORDER BY m.starts_at, s.position`,
    [seriesId],
  );
  const titles = new Map<number, string>();
  for (const s of slots) {
    await db.run('UPDATE slots SET title = ? WHERE id = ?', [asTitle(next()), s.id]);
    // As stored: the database keeps UTF-8, so a lone surrogate comes back as replacement characters.
    titles.set(
      s.id,
      (await db.get<{ title: string }>('SELECT title FROM slots WHERE id = ?', [s.id]))!.title,
    );
  }
  const names = new Map<string, string>();
  const members = await db.all<{ user_id: string }>(
    'SELECT user_id FROM roster_members WHERE series_id = ?',
    [seriesId],
  );
  for (const m of members) names.set(m.user_id, `${next()} ${next()}`);
  await saveNames(db, guildId, names, now);
  const stored = await storedNames(db, guildId, [...names.keys()]);
  for (const m of members)
    await db.run('UPDATE roster_members SET group_name = ? WHERE series_id = ? AND user_id = ?', [
      next(),
      seriesId,
      m.user_id,
    ]);
  await db.run('UPDATE meetings SET reason = ? WHERE series_id = ? AND reason IS NOT NULL', [
    next(),
    seriesId,
  ]);
  await db.run('UPDATE pauses SET reason = ? WHERE series_id = ?', [storable(HTML_ATTACKS[2]!), seriesId]);
  const minutes = await db.all<{ id: number }>(
    'SELECT n.id FROM minutes n JOIN meetings m ON m.id = n.meeting_id WHERE m.series_id = ?',
    [seriesId],
  );
  for (const n of minutes)
    await db.run('UPDATE minutes SET body = ? WHERE id = ?', [storable(corpus.join('\n')), n.id]);
  return { corpus, name, location, titles, names: stored };
}
