// What the two bench children (`bot-child.mjs`, `minimal-child.mjs`) share:
// how they read their memory, and how their compressed hour ends.
import { once } from 'node:events';
import { readFileSync } from 'node:fs';

const mb = (bytes) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** Resident memory in MB, right after a full collection (the children run with --expose-gc). */
export function residentMb() {
  globalThis.gc?.();
  return mb(process.memoryUsage().rss);
}

/**
 * Where the resident memory is (`whereResident`) after a full collection, once
 * V8 has handed the pages it freed back to the system: it does that on a
 * background thread, so a reading right after the collection may still count
 * them, by up to 30 MB.
 */
export async function settledResident() {
  globalThis.gc?.();
  await new Promise((resolve) => setTimeout(resolve, 500));
  return whereResident();
}

/**
 * Where the resident memory is, in MB (Linux; empty elsewhere): V8's heap in
 * use and reserved; pages of files mapped in (Node's own binary, with its ICU
 * data, and native modules such as better-sqlite3); the C heap (`malloc`,
 * e.g. SQLite's page cache); and other anonymous memory (V8's heap pages,
 * thread stacks and arenas).
 */
export function whereResident() {
  const m = process.memoryUsage();
  const kb = { files: 0, malloc: 0, anonymous: 0 };
  let mapping = '';
  try {
    for (const line of readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
      const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
      if (head) mapping = head[1] ?? '';
      const rss = /^Rss:\s+(\d+) kB/.exec(line);
      if (!rss) continue;
      const key = mapping === '[heap]' ? 'malloc' : mapping.startsWith('/') ? 'files' : 'anonymous';
      kb[key] += Number(rss[1]);
    }
  } catch {
    return { rssMb: mb(m.rss), heapUsedMb: mb(m.heapUsed), heapTotalMb: mb(m.heapTotal) };
  }
  return {
    rssMb: mb(m.rss),
    heapUsedMb: mb(m.heapUsed),
    heapTotalMb: mb(m.heapTotal),
    filesMb: mb(kb.files * 1024),
    mallocMb: mb(kb.malloc * 1024),
    anonymousMb: mb(kb.anonymous * 1024),
  };
}

/**
 * Resolves when the parent closes stdin: in the compressed hour, once every
 * interaction has been answered; when serving, once it has sent its last.
 */
export function stdinClosed() {
  const answered = once(process.stdin, 'end');
  process.stdin.resume();
  return answered;
}

/**
 * After the hour's last answer, the idle time a real hour would have had
 * (the compressed one runs in seconds): long enough for the REST client's idle
 * keep-alive connections to close (undici closes them after 4 s here), as
 * they would have long before the end of a real hour.
 */
export function settle() {
  return new Promise((resolve) => setTimeout(resolve, 5000));
}
