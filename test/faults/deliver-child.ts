/**
 * A bot process for the in-doubt tests: one delivery pass at a given instant
 * against the fake Discord at `apiBase`, with the real poster, the store's
 * lease and a generous time-out, so that a test can SIGKILL it while a send
 * is under way (the fake created the message and never answers).
 *
 *   node --import tsx deliver-child.ts <database> <apiBase> <nowMs>
 */
import { REST } from 'discord.js';
import { silentLogger } from '../../src/log.ts';
import { DiscordPoster } from '../../src/poster/discord-poster.ts';
import { deliverDue } from '../../src/scheduler/deliver.ts';
import { StoreLease } from '../../src/store/lease.ts';
import { openStore } from '../../src/store/open-store.ts';

const [path, apiBase, nowText] = process.argv.slice(2) as [string, string, string];
const now = Number(nowText);
const db = await openStore(path);
const rest = new REST({ api: apiBase, retries: 0, timeout: 60_000 }).setToken('in-doubt-test-token');
const lease = new StoreLease(db, { holder: `child:${process.pid}`, clock: () => now });
if (!(await lease.acquire())) throw new Error('the lease is held by someone else');
const report = await deliverDue({ db, poster: new DiscordPoster(rest), log: silentLogger(), lease }, now);
process.stdout.write(JSON.stringify(report));
await db.close();
process.exit(0);
