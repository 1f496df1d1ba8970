import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.ts';
import { zhCN } from '../../src/i18n/zh-CN.ts';
import { openDatabase } from '../../src/store/db.ts';
import { migrate } from '../../src/store/migrate.ts';
import { sqliteStore } from '../../src/store/open-store.ts';
import { tempDir } from '../support/db.ts';
import {
  ephemeral,
  seedSeries,
  snapshot,
  startHarness,
  stopHarnesses,
  unchangedSince,
  user,
} from './harness.ts';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  await stopHarnesses();
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe('the dispatcher’s answers to failures', () => {
  it('answers a busy database with error.busy, changing nothing', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const path = join(dir, 'podium.db');
    const file = openDatabase(path, { busyTimeoutMs: 20 });
    migrate(file);
    const db = sqliteStore(file);
    cleanups.unshift(() => db.close());
    const h = await startHarness({ db });
    await seedSeries(h);
    const before = await snapshot(h);
    const other = openDatabase(path);
    cleanups.unshift(() => {
      other.close();
    });
    other.exec('BEGIN IMMEDIATE');
    try {
      expect(await ephemeral(h.run('rotation', 'add', { user: user(h.owner) }))).toBe(en['error.busy']);
      expect(await ephemeral(h.run('rotation', 'add', { user: user(h.owner) }, { locale: 'zh-CN' }))).toBe(
        zhCN['error.busy'],
      );
    } finally {
      other.exec('ROLLBACK');
    }
    expect(await unchangedSince(h, before)).toBe(true);
    expect(h.logs.filter((l) => l.msg === 'database busy')).toHaveLength(2);
  });

  it('logs an unexpected failure with its context and answers briefly, without a stack trace', async () => {
    const h = await startHarness();
    await seedSeries(h);
    const [m0] = h.members;
    // A forged command without its required options: discord.js throws, not the app.
    const handle = h.run('meeting', 'postpone', {}, { user: m0 });
    const text = await ephemeral(handle);
    expect(text).toBe(en['error.generic']);
    expect(text).not.toMatch(/\bat \S+ \(|Error:/);
    const logged = h.logs.find((l) => l.msg === 'interaction failed');
    expect(logged).toMatchObject({
      level: 50,
      guildId: h.guild.id,
      channelId: h.channels.meetings,
      userId: m0,
      interactionId: handle.id,
      command: '/meeting postpone',
    });
    expect(logged?.err).toBeDefined();
  });

  it('answers a UserError in the reader’s language, ephemerally', async () => {
    const h = await startHarness();
    await seedSeries(h);
    expect(await ephemeral(h.run('slot', 'release', {}, { user: h.owner, locale: 'zh-CN' }))).toBe(
      zhCN['error.slot.noneUpcoming'],
    );
    expect(await ephemeral(h.run('slot', 'release', {}, { user: h.owner, locale: 'en-GB' }))).toBe(
      en['error.slot.noneUpcoming'],
    );
    // Outside any series channel.
    expect(await ephemeral(h.run('meeting', 'show', {}, { channelId: h.channels.general }))).toBe(
      en['error.noSeries'],
    );
  });
});
