/**
 * `npm run demo`: Podium's main job, offline. An example season is replayed
 * with a simulated clock through the real planner, outbox, scheduler steps and
 * renderers, into the console. No token, no network; a few seconds.
 *
 *   npm run demo -- --lang en --from 2024-08-25 --to 2024-09-05
 */
import { parseArgs } from 'node:util';
import {
  DEMO_ZONE,
  local,
  NAMES,
  SEASON_END,
  SEASON_START,
  seasonEvents,
  setUpSeason,
} from './demo/season.ts';
import { simulate } from './demo/simulate.ts';
import { isUserError } from './domain/errors.ts';
import { parseDate } from './domain/user-input.ts';
import { t } from './i18n/catalog.ts';
import { silentLogger } from './log.ts';
import { ConsolePoster } from './poster/console-poster.ts';
import { memoryStore } from './store/open-store.ts';

function options() {
  const { values } = parseArgs({
    options: { lang: { type: 'string', default: 'zh-CN' }, from: { type: 'string' }, to: { type: 'string' } },
  });
  const lang = values.lang === 'en' ? 'en' : values.lang === 'zh-CN' ? 'zh-CN' : null;
  if (!lang) throw new Error(`--lang must be en or zh-CN, not ${values.lang}`);
  const bound = (text: string | undefined, fallback: number) => {
    if (text === undefined) return fallback;
    parseDate(text);
    return local(`${text} 00:00`);
  };
  const from = bound(values.from, SEASON_START);
  const to = values.to === undefined ? SEASON_END : bound(values.to, SEASON_END) + 86_400_000;
  return { lang, from, to } as const;
}

async function main(): Promise<void> {
  // `npm run demo | head` closes the pipe early: that is the reader being done, not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  const { lang, from, to } = options();
  const db = memoryStore();
  const clock = { now: SEASON_START };
  let shown = 0;
  const poster = new ConsolePoster({
    clock: () => clock.now,
    names: NAMES,
    write: (text) => {
      if (clock.now < from || clock.now >= to) return;
      shown += 1;
      process.stdout.write(`${text}\n\n`);
    },
  });
  const seriesId = await setUpSeason(db, lang);
  process.stdout.write(`Podium demo · ${lang} · ${DEMO_ZONE} · simulated clock\n\n`);
  await simulate(
    { db, poster, log: silentLogger(), clock },
    Math.min(to, SEASON_END),
    await seasonEvents(db, seriesId),
  );
  process.stdout.write(`${shown} posts shown.\n`);
  await db.close();
}

main().catch((error: unknown) => {
  const message = isUserError(error)
    ? t('en', error.key, error.params)
    : error instanceof Error
      ? error.message
      : String(error);
  process.stderr.write(`demo: ${message}\n`);
  process.exit(1);
});
