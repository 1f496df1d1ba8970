/**
 * `npm run bench`: Podium's speed and memory, printed as figures and ratios
 * against their targets. Never a pass/fail gate: machines are shared and noisy.
 */
import { benchDelivery } from './delivery.bench.ts';
import { benchDiscord } from './discord.bench.ts';
import { benchFailover } from './failover.bench.ts';
import { benchGateways } from './gateways.bench.ts';
import { benchInteractions } from './interactions.bench.ts';
import { benchScheduler } from './scheduler.bench.ts';
import { printTable } from './stats.ts';
import { benchWeb } from './web.bench.ts';

const suites: [string, () => Promise<Parameters<typeof printTable>[1]>][] = [
  ['Commands in process: 1,000 guilds × 50 members, a year of meetings', benchInteractions],
  ['Scheduler: cost follows what is due, on SQLite and PostgreSQL', benchScheduler],
  ['Delivery through the fake Discord: lateness and a burst', benchDelivery],
  ['Discord end to end: round trip, memory, start-up', benchDiscord],
  ['Deliverer failover: two ROLES=deliverer processes, the holder stopped', benchFailover],
  ['Gateways: interactions per second, 1 process vs 2 (one shard each), on PostgreSQL', benchGateways],
  ['Web: the season page and the calendar feed over a socket', benchWeb],
];

// \`npm run bench -- scheduler\` runs only the suites whose title mentions a word given.
const only = process.argv.slice(2).map((a) => a.toLowerCase());

process.stdout.write(`Podium benchmarks · node ${process.version} · ${new Date().toISOString()}\n`);
for (const [title, run] of suites) {
  if (only.length > 0 && !only.some((w) => title.toLowerCase().includes(w))) continue;
  printTable(title, await run());
}
