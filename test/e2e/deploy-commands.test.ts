import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { COMMANDS_HASH_KEY } from '../../src/discord/register.ts';
import { openDatabase } from '../../src/store/db.ts';
import { sqliteStore } from '../../src/store/open-store.ts';
import { getMeta } from '../../src/store/settings.ts';
import { type FakeDiscord, makeGuilds, startFakeDiscord } from '../fake-discord/server.ts';
import { tempDir } from '../support/db.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function deploy(fake: FakeDiscord, env: Record<string, string>): Promise<string> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'src/deploy-commands.ts'],
    {
      env: {
        ...process.env,
        DISCORD_TOKEN: 'fake.bot.token.for.tests',
        DISCORD_API_BASE: fake.apiBase,
        LOG_LEVEL: 'silent',
        ...env,
      },
    },
  );
  return stdout;
}

describe('npm run deploy-commands', () => {
  it('registers the commands by hand, to the guild when DISCORD_GUILD_ID is set, and records them', async () => {
    const [guild] = makeGuilds(1);
    const fake = await startFakeDiscord({ guilds: [guild!] });
    cleanups.push(() => fake.close());
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const path = join(dir, 'podium.db');

    expect(await deploy(fake, { DATABASE_PATH: path, DISCORD_GUILD_ID: guild!.id })).toContain(
      `Registered /meeting, /rotation, /slot, /topic, /minutes, /season, /announce, /me, /help in guild ${guild!.id}`,
    );
    expect(fake.commands(guild!.id).map((c) => c.name)).toEqual([
      'meeting',
      'rotation',
      'slot',
      'topic',
      'minutes',
      'season',
      'announce',
      'me',
      'help',
    ]);
    const db = sqliteStore(openDatabase(path, { readonly: true }));
    cleanups.push(() => db.close());
    expect(await getMeta(db, COMMANDS_HASH_KEY)).toMatch(/^[0-9a-f]{64}$/);
  });
});
