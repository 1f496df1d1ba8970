// The bot under measurement, in its own process so its memory is its own, run
// as in production: compiled JavaScript (`npm run build`) on plain Node.
// Starts Podium against the fake Discord at `apiBase` on a prepared database
// (a SQLite file, or a PostgreSQL URL as DATABASE_URL would give), and reports
// start-up time and resident memory. Then, by default, runs an hour of activity
// compressed (3,600 heartbeats on a simulated clock, plus the interactions the
// parent sends meanwhile) and, once the parent says every interaction has been
// answered (it closes stdin) and an idle moment has passed, reports memory
// again. With `serve`, answers the parent's interactions on the real clock
// until its stdin closes.
//
//   node --expose-gc bench/bot-child.mjs <database path | postgres://…> <apiBase> [hour | serve]

import { silentLogger } from '../dist/log.js';
import { startBot } from '../dist/roles/bot.js';
import { openStore } from '../dist/store/open-store.js';
import { residentMb, settle, settledResident, stdinClosed } from './child-memory.mjs';

const [where, apiBase, mode = 'hour'] = process.argv.slice(2);
const say = (o) => process.stdout.write(`${JSON.stringify(o)}\n`);

const t0 = performance.now();
const postgres = /^postgres(ql)?:\/\//.test(where);
const db = await openStore(postgres ? { url: where } : where);
const clock = { now: Date.now() };
const bot = await startBot({
  config: {
    token: 'bench.bot.token',
    guildId: undefined,
    databasePath: postgres ? './data/podium.db' : where,
    databaseUrl: postgres ? where : undefined,
    logLevel: 'silent',
    apiBase,
  },
  db,
  log: silentLogger(),
  ...(mode === 'serve' ? {} : { clock: () => clock.now }),
});
say({
  event: 'ready',
  ms: Math.round(performance.now() - t0),
  ...(await settledResident()),
  guilds: bot.client.guilds.cache.size,
});

if (mode === 'serve') {
  await stdinClosed();
  say({ event: 'served', rssMb: residentMb() });
} else {
  const answered = stdinClosed();
  const samples = [];
  for (let s = 0; s < 3600; s += 1) {
    clock.now += 1000;
    await bot.scheduler.tick();
    if (s % 60 === 0) await bot.scheduler.plan();
    if (s % 600 === 0) samples.push(residentMb());
    if (s % 20 === 0) await new Promise((r) => setImmediate(r));
  }
  await answered;
  await settle();
  say({ event: 'hour', samples, ...(await settledResident()) });
}
await bot.stop();
await db.close();
process.exit(0);
