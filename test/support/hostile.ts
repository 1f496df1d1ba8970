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
export function poison(db: Db, seriesId: number, guildId: string, now: number) {
  const corpus = hostileCorpus();
  let i = 0;
  const next = () => corpus[i++ % corpus.length]!;
  const name = `Kernel ${HTML_ATTACKS[0]}`;
  const location = HTML_ATTACKS[1]!;
  db.prepare('UPDATE series SET name = ?, link = ? WHERE id = ?').run(name, location, seriesId);
  const slots = db
    .prepare(
      `SELECT s.id, s.user_id FROM slots s JOIN meetings m ON m.id = s.meeting_id
       WHERE m.series_id = ? AND s.user_id IS NOT NULL ORDER BY m.starts_at, s.position`,
    )
    .all(seriesId) as { id: number; user_id: string }[];
  const titles = new Map<number, string>();
  for (const s of slots) {
    db.prepare('UPDATE slots SET title = ? WHERE id = ?').run(asTitle(next()), s.id);
    // As stored: SQLite keeps UTF-8, so a lone surrogate comes back as replacement characters.
    titles.set(
      s.id,
      (db.prepare('SELECT title FROM slots WHERE id = ?').get(s.id) as { title: string }).title,
    );
  }
  const names = new Map<string, string>();
  const members = db.prepare('SELECT user_id FROM roster_members WHERE series_id = ?').all(seriesId) as {
    user_id: string;
  }[];
  for (const m of members) names.set(m.user_id, `${next()} ${next()}`);
  saveNames(db, guildId, names, now);
  const stored = storedNames(db, guildId, [...names.keys()]);
  for (const m of members)
    db.prepare('UPDATE roster_members SET group_name = ? WHERE series_id = ? AND user_id = ?').run(
      next(),
      seriesId,
      m.user_id,
    );
  db.prepare('UPDATE meetings SET reason = ? WHERE series_id = ? AND reason IS NOT NULL').run(
    next(),
    seriesId,
  );
  db.prepare('UPDATE pauses SET reason = ? WHERE series_id = ?').run(HTML_ATTACKS[2], seriesId);
  const minutes = db
    .prepare('SELECT n.id FROM minutes n JOIN meetings m ON m.id = n.meeting_id WHERE m.series_id = ?')
    .all(seriesId) as { id: number }[];
  for (const n of minutes)
    db.prepare('UPDATE minutes SET body = ? WHERE id = ?').run(corpus.join('\n'), n.id);
  return { corpus, name, location, titles, names: stored };
}
