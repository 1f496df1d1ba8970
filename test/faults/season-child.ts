/**
 * A bot process for the crash test: runs the scheduler over a simulated season
 * against the fake Discord at `apiBase`, remembering its simulated clock in the
 * database so a restarted process carries on from there. Killed with SIGKILL
 * at random moments by the test.
 *
 *   node --import tsx season-child.ts <database> <apiBase> <channelId>
 */
import { REST } from 'discord.js';
import { pauseMeetings } from '../../src/app/pauseMeetings.ts';
import { postponeMeeting } from '../../src/app/postponeMeeting.ts';
import { simulate } from '../../src/demo/simulate.ts';
import { isUserError } from '../../src/domain/errors.ts';
import { silentLogger } from '../../src/log.ts';
import { DiscordPoster } from '../../src/poster/discord-poster.ts';
import { openStore } from '../../src/store/open-store.ts';
import { getMeta, setMeta } from '../../src/store/settings.ts';
import { at, ctx, organiser } from '../support/db.ts';

const [path, apiBase] = process.argv.slice(2) as [string, string];
const TZ = 'Asia/Shanghai';
const CRASH_START = at('2024-07-20 12:00', TZ);
const CRASH_END = at('2026-07-20 00:00', TZ);

const db = await openStore(path);
const clock = { now: Number((await getMeta(db, 'sim.now')) ?? CRASH_START) };
const rest = new REST({ api: apiBase, retries: 1, timeout: 3000 }).setToken('crash-test-token');
const ignoreRefusal = async (fn: () => unknown) => {
  try {
    await fn();
  } catch (error) {
    if (!isUserError(error)) throw error;
  }
};
await simulate(
  { db, poster: new DiscordPoster(rest), log: silentLogger(), clock },
  CRASH_END,
  [
    {
      at: at('2024-08-28 10:00', TZ),
      run: (now: number) =>
        ignoreRefusal(() =>
          postponeMeeting(ctx(db, now, organiser()), { meeting: '2024-08-29', to: '2024-09-01 21:00' }),
        ),
    },
    {
      at: at('2024-09-15 09:00', TZ),
      run: (now: number) =>
        ignoreRefusal(() =>
          pauseMeetings(ctx(db, now, organiser()), { from: '2024-09-26', until: '2024-10-05' }),
        ),
    },
  ].filter((e) => e.at >= clock.now),
  (now) => setMeta(db, 'sim.now', String(now)),
);
await db.close();
process.exit(0);
