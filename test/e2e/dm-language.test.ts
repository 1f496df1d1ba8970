/**
 * Direct messages go out in the language of the member's last interaction,
 * recorded before that interaction is answered: a delivery while the answer
 * is still on its way already uses it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { at } from '../support/db.ts';
import { ephemeral, seedSeries, settle, startHarness, stopHarnesses, TZ } from './harness.ts';

afterEach(stopHarnesses);

describe('the language of direct messages', () => {
  it('is the one of the interaction being answered, for a DM delivered before the answer arrives', async () => {
    const h = await startHarness();
    await seedSeries(h);
    const m0 = h.members[0];
    expect(await ephemeral(h.run('me', 'dm', { state: 'on' }, { user: m0 }))).toContain('On:');
    await settle(h);

    // The next answer reaches Discord but its response never comes back to the bot.
    h.fake.failNext({
      method: 'POST',
      path: /^\/interactions\/\d+\/[^/]+\/callback$/,
      status: 'hang',
      applied: true,
    });
    const show = h.run('meeting', 'show', {}, { user: m0, locale: 'zh-CN' });
    await h.fake.waitForRequest(
      (r) => r.method === 'POST' && r.path === `/interactions/${show.id}/${show.token}/callback`,
    );

    // Meanwhile the member's title request falls due and goes out by DM.
    h.clock.now = at('2024-07-30 21:01', TZ);
    await h.bot.scheduler.tick();
    const dms = h.fake.directMessages(m0);
    expect(dms).toHaveLength(1);
    expect(dms[0]!.content).toContain('请提交分享题目');
  });
});
