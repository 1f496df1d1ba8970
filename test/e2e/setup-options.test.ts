/**
 * `/meeting setup` sets the meeting length (`duration`, minutes) and clears
 * the topic channel (`clear_topic_channel`), through the fake Discord.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { t } from '../../src/i18n/catalog.ts';
import { getSeriesByChannel } from '../../src/store/series.ts';
import type { OptionInput } from '../fake-discord/server.ts';
import { at } from '../support/db.ts';
import {
  channel,
  ephemeral,
  type Harness,
  posts,
  settle,
  snapshot,
  startHarness,
  stopHarnesses,
  TZ,
  textOf,
  unchangedSince,
  user,
} from './harness.ts';
import { setupOptions2031 } from './setup.ts';

afterEach(stopHarnesses);

/** Scheduled events must start after the real clock, so this series lives in 2031. */
const NOW = at('2031-01-02 12:00', TZ);
const FIRST = at('2031-01-09 21:00', TZ);

function setup(h: Harness, extra: Record<string, OptionInput>, locale = 'en') {
  return ephemeral(
    h.run(
      'meeting',
      'setup',
      setupOptions2031(h, { name: 'Kernel SIG', link: '腾讯会议 586-9766-3285', ...extra }),
      { locale },
    ),
  );
}

const iso = (instant: number) => new Date(instant).toISOString();

describe('/meeting setup', () => {
  it('sets how long meetings last: the reply, the agenda and the scheduled events follow it', async () => {
    const h = await startHarness({ now: NOW });
    expect(await setup(h, { duration: 90, language: 'en' })).toContain('90 minutes');
    expect((await getSeriesByChannel(h.db, h.channels.meetings))?.durationMin).toBe(90);
    for (const id of h.members.slice(0, 2)) await ephemeral(h.run('rotation', 'add', { user: user(id) }));
    await settle(h);
    const events = `/guilds/${h.guild.id}/scheduled-events`;
    const created = h.fake.requestsMatching('POST', new RegExp(`^${events}$`));
    expect(created.length).toBeGreaterThan(0);
    expect(created[0]?.body).toMatchObject({
      scheduled_start_time: iso(FIRST),
      scheduled_end_time: iso(FIRST + 90 * 60_000),
    });

    // Shorter now: every mirrored event is moved to the new end, nothing else changes.
    h.fake.clearRequests();
    expect(await setup(h, { duration: 45 })).toContain('45 minutes');
    await settle(h);
    const patched = h.fake.requestsMatching('PATCH', new RegExp(`^${events}/\\d+$`));
    expect(patched.length).toBe(created.length);
    expect(patched[0]?.body).toMatchObject({
      scheduled_start_time: iso(FIRST),
      scheduled_end_time: iso(FIRST + 45 * 60_000),
    });

    // The agenda shows the end time.
    h.clock.now = at('2031-01-09 20:00', TZ) + 5_000;
    await settle(h);
    const agenda = posts(h.fake, h.channels.meetings).find((r) =>
      textOf(r.body as object).includes(t('en', 'post.agenda.discussion')),
    );
    expect(agenda, 'the agenda is posted').toBeDefined();
    expect(textOf(agenda!.body as object)).toContain(`<t:${(FIRST + 45 * 60_000) / 1000}:t>`);
  });

  for (const lang of ['en', 'zh-CN'] as const) {
    it(`refuses a length outside 5–720 minutes, changing nothing (${lang})`, async () => {
      const h = await startHarness({ now: NOW });
      await setup(h, {});
      const before = await snapshot(h);
      for (const duration of [4, 721, 0]) {
        expect(await setup(h, { duration }, lang)).toBe(
          t(lang, 'error.duration', { value: duration, min: 5, max: 720 }),
        );
      }
      expect(await unchangedSince(h, before)).toBe(true);
    });
  }

  it('clears the topic channel: titles are then asked for with /topic set only', async () => {
    const h = await startHarness({ now: NOW });
    await setup(h, { topic_channel: channel(h.channels.topics), language: 'en' });
    expect((await getSeriesByChannel(h.db, h.channels.meetings))?.topicChannelId).toBe(h.channels.topics);
    // Updating without the option keeps it.
    await setup(h, {});
    expect((await getSeriesByChannel(h.db, h.channels.meetings))?.topicChannelId).toBe(h.channels.topics);
    const cleared = await setup(h, { clear_topic_channel: true });
    expect(cleared).not.toContain(`<#${h.channels.topics}>`);
    expect((await getSeriesByChannel(h.db, h.channels.meetings))?.topicChannelId).toBeNull();
    // The location given with setup stays as written.
    expect((await getSeriesByChannel(h.db, h.channels.meetings))?.link).toBe('腾讯会议 586-9766-3285');

    for (const id of h.members.slice(0, 2)) await ephemeral(h.run('rotation', 'add', { user: user(id) }));
    h.clock.now = at('2031-01-07 21:00', TZ) + 5_000; // the title request, two days before
    await settle(h);
    const request = posts(h.fake, h.channels.meetings).find((r) =>
      textOf(r.body as object).includes(t('en', 'post.titleRequest.howCommand')),
    );
    expect(request, 'the title request says to use /topic set').toBeDefined();
    expect(textOf(request!.body as object)).not.toContain(`<#${h.channels.topics}>`);
  });
});
