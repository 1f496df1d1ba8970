/**
 * A process opening a Podium database, for the start-up race test: waits
 * until the given instant (so two of them start together), opens and
 * migrates the file, and says which version it found.
 *
 *   node --import tsx open-child.ts <database> <startAtMs>
 */
import { openStore } from '../../src/store/open-store.ts';

const [path, startAt] = process.argv.slice(2) as [string, string];
while (Date.now() < Number(startAt)) {
  // Spin rather than sleep: both processes leave this loop within a millisecond of each other.
}
const db = await openStore(path);
const version = await db.withSqlite((file) => file.pragma('user_version', { simple: true }));
process.stdout.write(String(version));
await db.close();
