import { MessageFlags } from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import { addMinutes } from '../../src/app/minutes.ts';
import { en } from '../../src/i18n/en.ts';
import type { InteractionHandle, OptionInput, UploadedFile } from '../fake-discord/server.ts';
import { at } from '../support/db.ts';
import {
  ephemeral,
  expectSafeMentions,
  type Harness,
  replyOf,
  seedSeries,
  settle,
  snapshot,
  startHarness,
  stopHarnesses,
  TZ,
  unchangedSince,
} from './harness.ts';

afterEach(stopHarnesses);

/** The ephemeral reply of an export and the one file attached to it. */
async function exported(handle: InteractionHandle): Promise<{ text: string; file: UploadedFile }> {
  const response = await handle.response;
  expect(response.data?.flags).toBe(MessageFlags.Ephemeral);
  expect(response.files).toHaveLength(1);
  const data = await replyOf(handle);
  return { text: String(data.content ?? ''), file: response.files![0]! };
}

async function refused(h: Harness, options: Record<string, OptionInput>, who?: string): Promise<string> {
  const before = await snapshot(h);
  const text = await ephemeral(h.run('season', 'export', options, who === undefined ? {} : { user: who }));
  expect(await unchangedSince(h, before)).toBe(true);
  return text;
}

describe('/season export', () => {
  it('attaches the season page as Markdown, with postponements, pauses, their reasons, and names', async () => {
    const h = await startHarness();
    await seedSeries(h);
    const [, , m2] = h.members;
    await ephemeral(
      h.run('meeting', 'postpone', {
        meeting: '2024-08-15',
        to: '2024-08-18 21:00',
        reason: 'Conference week',
      }),
    );
    await ephemeral(
      h.run('meeting', 'pause', { from: '2024-09-10', until: '2024-09-30', reason: 'Exam month' }),
    );
    await settle(h); // the notices are posted, so the page lists them
    h.clock.now = at('2024-08-02 10:00', TZ);
    await addMinutes(
      { db: h.db, now: h.clock.now, actor: h.actor(m2) },
      { body: 'Ana showed memory tagging; Bo ran the Q&A.' },
    );

    const { text, file } = await exported(h.run('season', 'export'));
    expect(text).toContain('The season page of **Kernel SIG**, 2024-07-01 – 2024-12-31');
    expect(file.filename).toBe('season-kernel-sig-2024-07-01-2024-12-31.md');
    const markdown = file.data.toString('utf8');
    expect(markdown).toContain('# Kernel SIG: season 2024-07-01 – 2024-12-31');
    // The postponement: in the table with its reason, and as an announcement.
    expect(markdown).toMatch(
      /\| 2024-08-18 21:00 \| postponed \| .* \| moved from 2024-08-15 21:00; Conference week \|/,
    );
    expect(markdown).toContain('Meeting of 2024-08-15 21:00 moved to 2024-08-18 21:00 (Conference week)');
    // The pause, with its reason.
    expect(markdown).toContain('- 2024-09-10 – 2024-09-30: Exam month');
    expect(markdown).toContain('No meetings from 2024-09-10 to 2024-09-30 (Exam month)');
    // The summary, and people by display name.
    expect(markdown).toContain('Ana showed memory tagging; Bo ran the Q&A.');
    expect(markdown).toContain('_by Member 4 of guild 0,');
    expect(markdown).toContain('| Member 2 of guild 0, Member 3 of guild 0 |');
    expect(markdown).not.toMatch(/<@\d+>/);

    const range = await exported(h.run('season', 'export', { from: '2024-08-01', to: '2024-08-31' }));
    expect(range.file.filename).toBe('season-kernel-sig-2024-08-01-2024-08-31.md');
    expect(range.file.data.toString('utf8')).not.toContain('Exam month');
    expectSafeMentions(h.fake, { users: h.members });
  });

  it('refuses a range that ends before it starts, a bad date and a plain member, changing nothing', async () => {
    const h = await startHarness();
    await seedSeries(h);
    expect(await refused(h, { from: '2024-12-01', to: '2024-07-01' })).toBe(
      'The range ends (2024-07-01) before it starts (2024-12-01); put the later date in `to`.',
    );
    expect(await refused(h, { from: '2024-13-01' })).toContain('is not a date');
    expect(await refused(h, {}, h.members[5])).toBe(en['error.notOrganiser']);
    expect(
      h.fake.requestsMatching('POST', /\/callback$/).every((r) => !(r.body as { files?: [] }).files),
    ).toBe(true);
  });
});
