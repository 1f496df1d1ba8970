/** `src/main.ts` as a child process, as `npm start` runs it, with its JSON log lines collected. */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';

export interface PodiumProcess {
  proc: ChildProcessWithoutNullStreams;
  exit: Promise<number | null>;
  /** Parsed JSON log lines so far. */
  lines: { msg: string; [key: string]: unknown }[];
  stderr: string;
  exited: boolean;
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
