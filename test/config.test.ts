import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

describe('config', () => {
  it('applies defaults and treats blank values as unset', () => {
    expect(loadConfig({ DISCORD_TOKEN: '', DISCORD_GUILD_ID: ' ', DISCORD_API_BASE: '' })).toEqual({
      token: undefined,
      guildId: undefined,
      shards: { count: 'auto' },
      databasePath: './data/podium.db',
      logLevel: 'info',
      apiBase: undefined,
    });
  });

  it('reads every setting', () => {
    const c = loadConfig({
      DISCORD_TOKEN: 'x'.repeat(70),
      DISCORD_GUILD_ID: '123456789012345678',
      DATABASE_PATH: '/tmp/p.db',
      LOG_LEVEL: 'debug',
      DISCORD_API_BASE: 'http://127.0.0.1:8080/api/',
    });
    expect(c).toEqual({
      token: 'x'.repeat(70),
      guildId: '123456789012345678',
      shards: { count: 'auto' },
      databasePath: '/tmp/p.db',
      logLevel: 'debug',
      apiBase: 'http://127.0.0.1:8080/api',
    });
  });

  it('lists every problem at once, readably', () => {
    let error: unknown;
    try {
      loadConfig({
        DISCORD_TOKEN: 'x'.repeat(70),
        DISCORD_GUILD_ID: 'my-guild',
        LOG_LEVEL: 'loud',
        DISCORD_API_BASE: 'ftp://x',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/DISCORD_GUILD_ID: must be a Discord id/);
    expect(message).toMatch(/LOG_LEVEL/);
    expect(message).toMatch(/DISCORD_API_BASE/);
    expect(message).toMatch(/\.env\.example/);
  });
});
