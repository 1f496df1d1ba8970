/**
 * `npm run bench`: Podium's speed and memory, printed as figures and ratios
 * against their targets. Never a pass/fail gate: machines are shared and noisy.
 */
import { benchScheduler } from './scheduler.bench.ts';
import { printTable } from './stats.ts';

const suites: [string, () => Promise<Parameters<typeof printTable>[1]>][] = [['Scheduler: cost follows what is due', benchScheduler]];

process.stdout.write(`Podium benchmarks · node ${process.version} · ${new Date().toISOString()}\n`);
for (const [title, run] of suites) printTable(title, await run());
