/** `src/main.ts` as a child process, as `npm start` runs it, with its JSON log lines collected. */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { addMember } from '../../src/app/addMember.ts';
import { setupSeries } from '../../src/app/setupSeries.ts';
import type { Db } from '../../src/store/db.ts';
import { openStore, type StoreLocation } from '../../src/store/open-store.ts';
import type { GuildFixture } from '../fake-discord/server.ts';

export interface PodiumProcess {
  proc: ChildProcessWithoutNullStreams;
  exit: Promise<number | null>;
  /** Parsed JSON log lines so far. */
  lines: { msg: string; [key: string]: unknown }[];
  stderr: string;
  exited: boolean;
}

/** Waits for `check` (polled every 25 ms); fails at once if one of `watched` exits meanwhile. */
export async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  watched: PodiumProcess[],
  timeoutMs = 30_000,
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    const dead = watched.find((p) => p.exited);
    if (dead) throw new Error(`A bot process exited while waiting for ${what}:\n${dead.stderr}`);
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** SIGKILLs every process in `running`, empties it, and waits for each to be gone. */
export async function killAll(running: PodiumProcess[]): Promise<void> {
  for (const p of running.splice(0)) {
    p.proc.kill('SIGKILL');
    await p.exit;
  }
}

/** Starts Podium with exactly `env` as its environment. */
export function spawnPodium(env: NodeJS.ProcessEnv): PodiumProcess {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const p: PodiumProcess = {
    proc,
    exit: new Promise((resolve) => proc.once('exit', resolve)),
    lines: [],
    stderr: '',
    exited: false,
  };
  proc.once('exit', () => {
    p.exited = true;
  });
  proc.stderr.on('data', (chunk) => {
    p.stderr += String(chunk);
  });
  let rest = '';
  proc.stdout.on('data', (chunk) => {
    const complete = (rest + String(chunk)).split('\n');
    rest = complete.pop() ?? '';
    for (const line of complete) if (line.trim().startsWith('{')) p.lines.push(JSON.parse(line));
  });
  return p;
}

/**
 * Writes a series into the database file at `path` before a child process
 * opens it: the guild's second channel, meeting every two weeks at 21:00 UTC
 * from `daysAhead` days on, with six of its members on the roster. Returns
 * the first meeting's instant; `more` runs on the open database before it is closed.
 */
export async function seedSeriesFile(
  path: string | StoreLocation,
  guild: GuildFixture,
  options: { daysAhead: number; name: string; topics?: boolean },
  more: (db: Db, now: number) => void | Promise<void> = () => {},
): Promise<Date> {
  const db = await openStore(path);
  const [owner, , ...members] = guild.members.map((m) => m.id);
  const [, meetings, topics] = guild.channels.map((c) => c.id);
  const now = Date.now();
  const first = new Date(now + options.daysAhead * 86_400_000);
  const ctx = {
    db,
    now,
    actor: {
      userId: owner ?? '',
      guildId: guild.id,
      channelId: meetings ?? '',
      canManage: true,
      roleIds: [],
    },
  };
  await setupSeries(ctx, {
    channelId: meetings ?? '',
    weekday: first.getUTCDay() === 0 ? 7 : first.getUTCDay(),
    time: '21:00',
    timezone: 'UTC',
    everyWeeks: 2,
    start: first.toISOString().slice(0, 10),
    language: 'en',
    name: options.name,
    ...(options.topics && topics !== undefined ? { topicChannelId: topics } : {}),
  });
  for (const id of members.slice(0, 6)) await addMember(ctx, { userId: id });
  await more(db, now);
  await db.close();
  return first;
}
