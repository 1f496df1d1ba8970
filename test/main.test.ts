/** `npm start`: the composition root, run as a process. */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { en } from '../src/i18n/en.ts';
import { loadMigrations } from '../src/store/migrate.ts';
import { ephemeral } from './e2e/harness.ts';
import { chatInput, type FakeDiscord, makeGuilds, startFakeDiscord } from './fake-discord/server.ts';
import { tempDir } from './support/db.ts';

let fake: FakeDiscord | undefined;
let cleanup = () => {};
/** Processes started through npm: on a failure midway their bot, a grandchild, is killed too. */
const trees: number[] = [];
afterEach(async () => {
  for (const root of trees.splice(0)) {
    const bot = descendant(root, 'dist/main.js');
    if (bot !== undefined) process.kill(bot, 'SIGKILL');
  }
  await fake?.close();
  fake = undefined;
  cleanup();
});

/** The bot from source (fast), or exactly as the README says: `npm start` (build, then compiled JavaScript). */
function start(env: Record<string, string>, how: 'source' | 'npm start' = 'source') {
  const [command, args] =
    how === 'source'
      ? [process.execPath, ['--import', 'tsx', 'src/main.ts']]
      : ['npm', ['start', '--silent']];
  const proc = spawn(command, args, {
    env: {
      ...process.env,
      DISCORD_TOKEN: '',
      DISCORD_GUILD_ID: '',
      DISCORD_API_BASE: '',
      LOG_LEVEL: 'warn',
      // Any free port: tests never depend on 8080 being free.
      PORT: '0',
      PUBLIC_URL: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (d) => {
    stdout += String(d);
  });
  proc.stderr.on('data', (d) => {
    stderr += String(d);
  });
  const exit = new Promise<number | null>((resolve) => proc.once('exit', resolve));
  if (how === 'npm start' && proc.pid !== undefined) trees.push(proc.pid);
  return { proc, exit, out: () => ({ stdout, stderr }) };
}

/** The deepest process under `root` (npm, its shell, …) whose command line mentions `script` (Linux's /proc). */
function descendant(root: number, script: string): number | undefined {
  // A process may be gone between two reads: it then has no children and mentions nothing.
  const read = (path: string): string => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return '';
    }
  };
  const children = read(`/proc/${root}/task/${root}/children`).split(' ').filter(Boolean).map(Number);
  for (const pid of children) {
    // The deepest: npm's shell mentions the script too.
    const deeper = descendant(pid, script);
    if (deeper !== undefined) return deeper;
    if (read(`/proc/${pid}/cmdline`).includes(script)) return pid;
  }
  return undefined;
}

describe('npm start', () => {
  it('without a token says exactly what to do and exits non-zero', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const run = start({ DATABASE_PATH: join(t.dir, 'podium.db') });
    expect(await run.exit).toBe(1);
    const { stderr } = run.out();
    expect(stderr).toContain('DISCORD_TOKEN is not set');
    expect(stderr).toContain('Copy .env.example to .env');
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(existsSync(join(t.dir, 'podium.db'))).toBe(false);
  });

  it('with bad settings lists every problem', async () => {
    const run = start({ DISCORD_TOKEN: 'x'.repeat(60), DISCORD_GUILD_ID: 'my-server', LOG_LEVEL: 'chatty' });
    expect(await run.exit).toBe(1);
    expect(run.out().stderr).toMatch(/DISCORD_GUILD_ID: must be a Discord id[\s\S]*LOG_LEVEL/);
  });

  it('refuses a database file that is not SQLite, or is newer than the code, and leaves it untouched', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const notes = join(t.dir, 'notes.db');
    writeFileSync(notes, 'meeting notes, not a database\n'.repeat(100));
    const future = join(t.dir, 'future.db');
    const raw = new Database(future);
    raw.pragma('user_version = 999');
    raw.close();
    for (const [path, message] of [
      [notes, 'is not a Podium database'],
      [future, 'schema version 999'],
    ] as const) {
      const before = readFileSync(path);
      const run = start({ DISCORD_TOKEN: 'x'.repeat(60), DATABASE_PATH: path });
      expect(await run.exit).toBe(1);
      expect(run.out().stderr).toContain(message);
      expect(run.out().stderr).not.toMatch(/\n\s+at /);
      expect(readFileSync(path).equals(before)).toBe(true);
    }
  });

  it('npm start with a token: builds, migrates, logs in through DISCORD_API_BASE, registers commands, answers, stops cleanly on SIGTERM', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const guild = makeGuilds(1)[0]!;
    fake = await startFakeDiscord({ guilds: [guild] });
    const path = join(t.dir, 'data', 'podium.db');
    // The real thing: npm runs the build (esbuild bundles src/ into dist/), then the start script.
    const run = start(
      {
        DISCORD_TOKEN: 'x'.repeat(60),
        DISCORD_API_BASE: fake.apiBase,
        DATABASE_PATH: path,
        LOG_LEVEL: 'info',
      },
      'npm start',
    );
    await fake.waitForRequest(
      (r) => r.method === 'PUT' && /\/applications\/\d+\/commands$/.test(r.path),
      30_000,
    );
    expect(fake.gatewayStats.identifies).toBe(1);
    // The bundle is ASCII: esbuild escapes other characters in strings, not in comments, and
    // one would make V8 keep the whole chunk's source as two-byte text, twice its size.
    const imported = readFileSync('dist/main.js', 'utf8').matchAll(/"\.\/(chunks\/[^"]+\.js)"/g);
    const built = ['main.js', ...[...imported].map((m) => m[1]!)];
    expect(built.length).toBeGreaterThan(1);
    for (const file of built)
      expect(/[^\p{ASCII}]/u.exec(readFileSync(join('dist', file), 'utf8'))?.[0], file).toBeUndefined();
    // The bundle found migrations/ (its chunks sit deeper than src/store/): the new file is at the latest version.
    const file = new Database(path, { readonly: true });
    expect(file.pragma('user_version', { simple: true })).toBe(loadMigrations().at(-1)!.version);
    file.close();
    // And the built dispatcher answers.
    const show = fake.sendInteraction({
      ...chatInput('meeting', 'show'),
      guildId: guild.id,
      channelId: guild.channels[0]!.id,
    });
    expect(await ephemeral(show)).toBe(en['error.noSeries']);
    // SIGTERM to the bot itself, as a service manager sends it (to npm, npm would report the
    // signal rather than the bot's exit): npm then exits with the bot's own code.
    const bot = descendant(run.proc.pid!, 'dist/main.js');
    expect(bot).toBeDefined();
    process.kill(bot!, 'SIGTERM');
    expect(await run.exit).toBe(0);
    expect(run.out().stdout).toContain('"msg":"shutting down"');
  }, 60_000);

  it('with the web port in use says so plainly and exits non-zero before logging in', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    fake = await startFakeDiscord();
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      const run = start({
        DISCORD_TOKEN: 'x'.repeat(60),
        DISCORD_API_BASE: fake.apiBase,
        DATABASE_PATH: join(t.dir, 'podium.db'),
        PORT: String(port),
      });
      expect(await run.exit).toBe(1);
      expect(run.out().stderr).toContain(
        `The web server cannot listen on 127.0.0.1:${port}: another program uses that port. Stop it, or set PORT in .env to a free port.`,
      );
      expect(run.out().stderr).not.toMatch(/\n\s+at /);
      expect(fake.gatewayStats.identifies).toBe(0);
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });

  it('with a bad PORT lists it among the settings problems', async () => {
    const run = start({ DISCORD_TOKEN: 'x'.repeat(60), PORT: 'http' });
    expect(await run.exit).toBe(1);
    expect(run.out().stderr).toContain('PORT: must be a port number from 0 to 65535, e.g. 8080');
  });
});
