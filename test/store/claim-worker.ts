// Runs in a worker thread: its own connection to the shared file claims the
// open slot when both workers are ready.
import { parentPort, workerData } from 'node:worker_threads';
import { claimSlot } from '../../src/app/claimSlot.ts';
import { isUserError } from '../../src/domain/errors.ts';
import { openDatabase } from '../../src/store/db.ts';
import { sqliteStore } from '../../src/store/open-store.ts';

const { path, now, actor, barrier, meeting } = workerData as {
  meeting: string;
  path: string;
  now: number;
  actor: Parameters<typeof claimSlot>[0]['actor'];
  barrier: SharedArrayBuffer;
};
const db = sqliteStore(openDatabase(path));
const flag = new Int32Array(barrier);
Atomics.add(flag, 0, 1);
Atomics.notify(flag, 0);
while (Atomics.load(flag, 0) < 2) Atomics.wait(flag, 0, 1, 1000);
try {
  await claimSlot({ db, now, actor }, { meeting });
  parentPort?.postMessage({ ok: true });
} catch (error) {
  parentPort?.postMessage(
    isUserError(error) ? { ok: false, key: error.key } : { ok: false, error: String(error) },
  );
} finally {
  await db.close();
}
