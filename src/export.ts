/**
 * `npm run export -- --guild ID --series ID [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--out FILE]`:
 * the same season Markdown as `/season export`, from the database, without Discord.
 * People appear as Discord mentions (`<@id>`), since names need Discord.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { seasonData, seasonRange } from './app/season.ts';
import { loadConfig } from './config.ts';
import { isUserError } from './domain/errors.ts';
import { t } from './i18n/catalog.ts';
import { renderSeasonMarkdown } from './render/season-export.ts';
import { openStore, storeLocationOf } from './store/open-store.ts';
import { getSeries } from './store/series.ts';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      guild: { type: 'string' },
      series: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      out: { type: 'string' },
      db: { type: 'string' },
    },
  });
  if (!values.guild || !values.series)
    throw new Error(
      'usage: npm run export -- --guild ID --series ID [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--out FILE]',
    );
  const config = loadConfig(process.env);
  // `--db FILE` names a SQLite file; otherwise DATABASE_URL, or DATABASE_PATH.
  const db = await openStore(values.db !== undefined ? { path: values.db } : storeLocationOf(config));
  try {
    const series = await getSeries(db, Number(values.series));
    if (!series || series.guildId !== values.guild)
      throw new Error(`no series ${values.series} in guild ${values.guild}`);
    const now = Date.now();
    const [from, to] = seasonRange(now, series.timeZone, {
      ...(values.from ? { from: values.from } : {}),
      ...(values.to ? { to: values.to } : {}),
    });
    const markdown = renderSeasonMarkdown(await seasonData(db, series, from, to), new Map(), now);
    if (values.out) writeFileSync(values.out, markdown);
    else process.stdout.write(markdown);
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  const message = isUserError(error)
    ? t('en', error.key, error.params)
    : error instanceof Error
      ? error.message
      : String(error);
  process.stderr.write(`export: ${message}\n`);
  process.exit(1);
});
