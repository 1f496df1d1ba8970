import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

describe('config', () => {
  it('applies defaults and treats blank values as unset', () => {
    expect(loadConfig({ DISCORD_TOKEN: '', DISCORD_GUILD_ID: ' ', DISCORD_API_BASE: '' })).toEqual({
      token: undefined,
      guildId: undefined,
      shards: { count: 'auto' },
      databasePath: './data/podium.db',
      databaseUrl: undefined,
      databasePoolSize: 10,
      roles: ['gateway', 'deliverer', 'web'],
      logLevel: 'info',
      apiBase: undefined,
      web: { port: 8080, host: '127.0.0.1', publicUrl: undefined },
    });
  });

  it('reads every setting', () => {
    const c = loadConfig({
      DISCORD_TOKEN: 'x'.repeat(70),
      DISCORD_GUILD_ID: '123456789012345678',
      DATABASE_PATH: '/tmp/p.db',
      DATABASE_URL: 'postgres://podium:secret@127.0.0.1:5432/podium',
      DATABASE_POOL_SIZE: '4',
      LOG_LEVEL: 'debug',
      DISCORD_API_BASE: 'http://127.0.0.1:8080/api/',
      PORT: '3000',
      HOST: '0.0.0.0',
      PUBLIC_URL: 'https://podium.example.org/',
    });
    expect(c).toEqual({
      token: 'x'.repeat(70),
      guildId: '123456789012345678',
      shards: { count: 'auto' },
      databasePath: '/tmp/p.db',
      databaseUrl: 'postgres://podium:secret@127.0.0.1:5432/podium',
      databasePoolSize: 4,
      roles: ['gateway', 'deliverer', 'web'],
      logLevel: 'debug',
      apiBase: 'http://127.0.0.1:8080/api',
      web: { port: 3000, host: '0.0.0.0', publicUrl: 'https://podium.example.org' },
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

  it('refuses a port that is not one, a host with spaces, a public URL that is not http(s), and a bad database URL or pool size', () => {
    for (const [env, problem] of [
      [{ PORT: 'eighty' }, 'PORT: must be a port number from 0 to 65535, e.g. 8080'],
      [{ PORT: '70000' }, 'PORT: must be a port number from 0 to 65535, e.g. 8080'],
      [{ PORT: '-1' }, 'PORT: must be a port number from 0 to 65535, e.g. 8080'],
      [{ HOST: 'my host' }, 'HOST: must be an address to listen on, e.g. 127.0.0.1 or 0.0.0.0'],
      [
        { PUBLIC_URL: 'podium.example.org' },
        'PUBLIC_URL: must be an http(s) URL, e.g. https://podium.example.org',
      ],
      [{ PUBLIC_URL: 'ftp://podium.example.org' }, 'PUBLIC_URL: must be an http(s) URL'],
      [{ DATABASE_URL: 'mysql://podium@127.0.0.1/podium' }, 'DATABASE_URL: must be a PostgreSQL URL'],
      [{ DATABASE_POOL_SIZE: '0' }, 'DATABASE_POOL_SIZE: must be a number of connections from 1 to 999'],
      [{ DATABASE_POOL_SIZE: 'many' }, 'DATABASE_POOL_SIZE: must be a number of connections from 1 to 999'],
    ] as const) {
      let error: unknown;
      try {
        loadConfig(env);
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(env)).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems.join('\n')).toContain(problem);
    }
  });

  describe('ROLES', () => {
    const problemsOf = (env: NodeJS.ProcessEnv): string => {
      try {
        loadConfig(env);
      } catch (e) {
        if (e instanceof ConfigError) return e.problems.join('\n');
        throw e;
      }
      return '';
    };

    it('reads one role, or several in any order, case and spacing, as a set in a fixed order', () => {
      expect(loadConfig({ ROLES: 'deliverer' }).roles).toEqual(['deliverer']);
      expect(loadConfig({ ROLES: 'web, Gateway' }).roles).toEqual(['gateway', 'web']);
      expect(loadConfig({ ROLES: 'web,deliverer,gateway,web' }).roles).toEqual([
        'gateway',
        'deliverer',
        'web',
      ]);
    });

    it('refuses an unknown role, naming it and the roles there are', () => {
      const problems = problemsOf({ ROLES: 'gateway,delivery' });
      expect(problems).toContain('ROLES: unknown role "delivery"');
      expect(problems).toContain('gateway, deliverer, web');
    });

    it('refuses a ROLES that names no role rather than starting every role', () => {
      for (const value of ['', ' ', ',,']) {
        expect(problemsOf({ ROLES: value }), JSON.stringify(value)).toContain('ROLES: names no role');
      }
    });
  });
});
