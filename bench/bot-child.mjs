// The bot under measurement, in its own process so its memory is its own, run
// as in production: compiled JavaScript (`npm run build`) on plain Node.
// Starts Podium against the fake Discord at `apiBase` on a prepared database,
// reports start-up time and resident memory, then runs an hour of activity
// compressed (3,600 heartbeats on a simulated clock, plus the interactions the
// parent sends meanwhile) and reports memory again.
//
//   node --expose-gc bench/bot-child.mjs <database> <apiBase>

import { silentLogger } from '../dist/log.js';
import { startBot } from '../dist/roles/bot.js';
import { openStore } from '../dist/store/open-store.js';

const [path, apiBase] = process.argv.slice(2);
const say = (o) => process.stdout.write(`${JSON.stringify(o)}\n`);
/** Resident memory in MB, after a full collection. */
const mb = () => {
  globalThis.gc?.();
  return Math.round((process.memoryUsage().rss / 1024 / 1024) * 10) / 10;
};

const t0 = performance.now();
const db = openStore(path);
const clock = { now: Date.now() };
const bot = await startBot({
  config: { token: 'bench.bot.token', guildId: undefined, databasePath: path, logLevel: 'silent', apiBase },
  db,
  log: silentLogger(),
  clock: () => clock.now,
});
say({
  event: 'ready',
  ms: Math.round(performance.now() - t0),
  rssMb: mb(),
  guilds: bot.client.guilds.cache.size,
});

const samples = [];
for (let s = 0; s < 3600; s += 1) {
  clock.now += 1000;
  await bot.scheduler.tick();
  if (s % 60 === 0) bot.scheduler.plan();
  if (s % 600 === 0) samples.push(mb());
  if (s % 20 === 0) await new Promise((r) => setImmediate(r));
}
say({ event: 'hour', rssMb: mb(), samples });
await bot.stop();
db.close();
process.exit(0);
