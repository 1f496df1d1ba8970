import { expect } from 'vitest';
import { isUserError } from '../../src/domain/errors.ts';
import type { GuildFixture } from '../fake-discord/server.ts';
import { CHANNEL, GUILD, ORGANISER } from './db.ts';

/** The guild and meetings channel of `test/support/db.ts`, as a fake Discord fixture. */
export function podiumGuildFixture(): GuildFixture {
  return {
    id: GUILD,
    name: 'Podium test',
    ownerId: ORGANISER,
    channels: [{ id: CHANNEL, name: 'meetings' }],
    roles: [],
    members: [],
  };
}

/** Runs `run` (awaiting what it returns) and expects a UserError with `key`. */
export async function expectUserError(run: () => unknown, key: string): Promise<void> {
  let caught: unknown;
  try {
    await run();
  } catch (error) {
    caught = error;
  }
  expect(isUserError(caught) && caught.key, String(caught)).toBe(key);
}
