import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

describe('config: SHARD_COUNT and SHARD_IDS', () => {
  const shards = (env: NodeJS.ProcessEnv) => loadConfig(env).shards;
  const problems = (env: NodeJS.ProcessEnv): string => {
    try {
      loadConfig(env);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
    throw new Error(`accepted ${JSON.stringify(env)}`);
  };

  it('auto by default: every shard Discord recommends, in this process', () => {
    expect(shards({})).toEqual({ count: 'auto' });
    expect(shards({ SHARD_COUNT: 'auto' })).toEqual({ count: 'auto' });
    expect(shards({ SHARD_COUNT: ' ', SHARD_IDS: '' })).toEqual({ count: 'auto' });
  });

  it('a count alone: all of them in this process', () => {
    expect(shards({ SHARD_COUNT: '1' })).toEqual({ count: 1, ids: [0] });
    expect(shards({ SHARD_COUNT: '3' })).toEqual({ count: 3, ids: [0, 1, 2] });
  });

  it('ids as a list, ranges or both, sorted and without repeats', () => {
    expect(shards({ SHARD_COUNT: '2', SHARD_IDS: '1' })).toEqual({ count: 2, ids: [1] });
    expect(shards({ SHARD_COUNT: '4', SHARD_IDS: '0,1' })).toEqual({ count: 4, ids: [0, 1] });
    expect(shards({ SHARD_COUNT: '4', SHARD_IDS: '0-3' })).toEqual({ count: 4, ids: [0, 1, 2, 3] });
    expect(shards({ SHARD_COUNT: '16', SHARD_IDS: '12, 0-2,1' })).toEqual({
      count: 16,
      ids: [0, 1, 2, 12],
    });
  });

  it('refuses ids out of range of the count, saying which and what the range is', () => {
    const message = problems({ SHARD_COUNT: '2', SHARD_IDS: '1-3' });
    expect(message).toContain('SHARD_IDS: shard 2, 3 is out of range: with SHARD_COUNT=2 the shards are 0-1');
    expect(problems({ SHARD_COUNT: '1', SHARD_IDS: '1' })).toContain('the shards are 0');
  });

  it('refuses ids without a fixed count', () => {
    expect(problems({ SHARD_IDS: '0' })).toMatch(/SHARD_IDS: needs SHARD_COUNT/);
    expect(problems({ SHARD_COUNT: 'auto', SHARD_IDS: '0' })).toMatch(/SHARD_IDS: needs a fixed SHARD_COUNT/);
  });

  it('refuses malformed values with an example of the right form', () => {
    for (const count of ['0', '-1', '1.5', 'two', 'AUTO2']) {
      expect(problems({ SHARD_COUNT: count })).toMatch(
        /SHARD_COUNT: must be auto or a whole number.*SHARD_COUNT=2/,
      );
    }
    for (const ids of ['a', '0;1', '0-', '-1', '1,,2']) {
      expect(problems({ SHARD_COUNT: '4', SHARD_IDS: ids })).toMatch(
        /SHARD_IDS: write shard ids like 0,1 or 0-3/,
      );
    }
    expect(problems({ SHARD_COUNT: '4', SHARD_IDS: '3-1' })).toMatch(
      /SHARD_IDS: the range 3-1 runs backwards; write 1-3/,
    );
  });

  it('lists shard problems with the others', () => {
    const message = problems({ LOG_LEVEL: 'loud', SHARD_COUNT: '2', SHARD_IDS: '5' });
    expect(message).toMatch(/LOG_LEVEL/);
    expect(message).toMatch(/SHARD_IDS: shard 5 is out of range/);
  });
});
