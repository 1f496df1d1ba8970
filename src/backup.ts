/**
 * `npm run backup -- <file>`: a consistent copy of the database made with
 * SQLite's online backup, safe while the bot is running; then checked with
 * `PRAGMA integrity_check`. With `DATABASE_URL` (PostgreSQL), `pg_dump` makes
 * the copy (custom format, consistent while the bot runs), into `<file>` or,
 * without one, `podium-<timestamp>.dump` in `BACKUP_DIR` (by default the
 * directory of `DATABASE_PATH`); then checked by listing it with `pg_restore`.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { loadConfig } from './config.ts';
import { openDatabase } from './store/db.ts';
import { redact } from './store/open-store.ts';

const run = promisify(execFile);

async function main(): Promise<void> {
  const target = process.argv.slice(2).find((a) => !a.startsWith('-'));
  if (target !== undefined && existsSync(target)) {
    throw new Error(`${target} already exists; pick a new file name`);
  }
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig(process.env);
  if (config.databaseUrl !== undefined) {
    const dir = process.env.BACKUP_DIR || dirname(config.databasePath);
    await backupPostgres(config.databaseUrl, target ?? join(dir, `podium-${timestamp(new Date())}.dump`));
    return;
  }
  if (!target) throw new Error('usage: npm run backup -- <file>');
  const source = config.databasePath;
  if (!existsSync(source)) throw new Error(`no database at ${source} (DATABASE_PATH)`);
  const db = openDatabase(source, { readonly: true });
  try {
    const started = Date.now();
    await db.backup(target);
    const copy = new Database(target, { readonly: true });
    const check = copy.pragma('integrity_check', { simple: true });
    const version = copy.pragma('user_version', { simple: true });
    copy.close();
    if (check !== 'ok') throw new Error(`the copy failed its integrity check: ${String(check)}`);
    process.stdout.write(
      `backed up ${source} → ${target} (schema ${String(version)}, integrity ok, ${Date.now() - started} ms)\n`,
    );
  } finally {
    db.close();
  }
}

/** `2026-12-01T12-07-29Z`: sortable, and valid in a file name everywhere. */
function timestamp(at: Date): string {
  return at
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');
}

/** A PostgreSQL client program: in `PG_BIN` when set, else on the PATH. */
function pgProgram(name: string): string {
  const bin = process.env.PG_BIN;
  return bin ? join(bin, name) : name;
}

async function backupPostgres(url: string, target: string): Promise<void> {
  if (existsSync(target)) throw new Error(`${target} already exists; pick a new file name`);
  mkdirSync(dirname(target), { recursive: true });
  const started = Date.now();
  await runPg('pg_dump', ['--format=custom', '--file', target, url], url);
  // The archive's table of contents: a file pg_restore cannot read is no backup.
  const { stdout } = await runPg('pg_restore', ['--list', target], url);
  const entries = stdout.split('\n').filter((line) => line !== '' && !line.startsWith(';')).length;
  process.stdout.write(
    `backed up ${redact(url)} → ${target} (pg_dump custom format, ${entries} entries, ${Date.now() - started} ms)\n`,
  );
}

async function runPg(name: string, args: string[], url: string): Promise<{ stdout: string }> {
  const program = pgProgram(name);
  try {
    return await run(program, args, { maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string };
    if (failure.code === 'ENOENT') {
      throw new Error(
        `${name} not found (${program}): install PostgreSQL's client programs (version 15 or later, ` +
          'e.g. apt-get install postgresql-client), or set PG_BIN to the directory that has them',
      );
    }
    const said = (failure.stderr ?? '').trim() || failure.message;
    throw new Error(`${name} failed: ${said.split(url).join(redact(url))}`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`backup: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
