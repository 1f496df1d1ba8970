/**
 * `npm run backup -- <file>`: a consistent copy of the database made with
 * SQLite's online backup, safe while the bot is running; then checked with
 * `PRAGMA integrity_check`.
 */
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { loadConfig } from './config.ts';
import { openDatabase } from './store/db.ts';

async function main(): Promise<void> {
  const target = process.argv.slice(2).find((a) => !a.startsWith('-'));
  if (!target) throw new Error('usage: npm run backup -- <file>');
  if (existsSync(target)) throw new Error(`${target} already exists; pick a new file name`);
  if (existsSync('.env')) process.loadEnvFile('.env');
  const source = loadConfig(process.env).databasePath;
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

main().catch((error: unknown) => {
  process.stderr.write(`backup: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
