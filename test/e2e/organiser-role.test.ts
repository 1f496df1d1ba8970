/**
 * The organiser role is a real role: `@everyone` and roles managed by a bot or
 * an integration are refused, and posts meant for organisers mention only the
 * role an organiser set, only when one is set.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Language } from '../../src/domain/model.ts';
import { t } from '../../src/i18n/catalog.ts';
import { organiserRoleOf, setOrganiserRole } from '../../src/store/settings.ts';
import { at } from '../support/db.ts';
import {
  ephemeral,
  type Harness,
  podiumGuild,
  posts,
  role,
  seedSeries,
  settle,
  snapshot,
  startHarness,
  stopHarnesses,
  TZ,
  textOf,
  unchangedSince,
} from './harness.ts';

afterEach(stopHarnesses);

/** A guild with, besides the usual roles, another bot's own role and an integration's role, as Discord tags them. */
function guildWithManagedRoles() {
  const guild = podiumGuild();
  const base = BigInt(guild.id);
  guild.roles.push(
    { id: `${base + 910n}`, name: 'OtherBot', managed: true, tags: { bot_id: `${base + 911n}` } },
    {
      id: `${base + 912n}`,
      name: 'Twitch Subscriber',
      managed: true,
      tags: { integration_id: `${base + 913n}` },
    },
    // Tagged but (oddly) not marked managed: the tag alone is enough to refuse it.
    { id: `${base + 914n}`, name: 'Webhook bot', tags: { bot_id: `${base + 915n}` } },
  );
  return guild;
}

/** The title nudge posts sent so far, with the mentions they allowed. */
function nudges(h: Harness, lang: Language) {
  // The words after the count, e.g. ` title(s) still missing for this meeting.`
  const marker = t(lang, 'post.titleNudge.organisers', { organisers: '', count: 9 }).split('9')[1]!;
  return posts(h.fake, h.channels.meetings)
    .map((r) => r.body as { content: string; allowed_mentions: { roles: string[] } })
    .filter((b) => textOf(b).includes(marker));
}

describe('the organiser role', () => {
  for (const lang of ['en', 'zh-CN'] as const) {
    it(`refuses @everyone and managed roles, changing nothing (${lang})`, async () => {
      const guild = guildWithManagedRoles();
      const h = await startHarness({ guilds: [guild] });
      await seedSeries(h);
      const before = await snapshot(h);
      const say = (roleId: string) =>
        ephemeral(h.run('meeting', 'organisers', { role: role(roleId) }, { locale: lang }));
      expect(await say(guild.id)).toBe(t(lang, 'error.organiserRole.everyone'));
      for (const managed of guild.roles.filter((r) => r.tags)) {
        expect(await say(managed.id), managed.name).toBe(t(lang, 'error.organiserRole.managed'));
      }
      expect(await unchangedSince(h, before)).toBe(true);
      expect(await organiserRoleOf(h.db, guild.id)).toBeNull();
      expect(await say(h.organiserRole)).toContain(`<@&${h.organiserRole}>`);
      expect(await organiserRoleOf(h.db, guild.id)).toBe(h.organiserRole);
    });
  }

  it('is mentioned by the title nudge only when an organiser set one; @everyone stored before is never mentioned', async () => {
    const h = await startHarness();
    await seedSeries(h);
    // A database from before the fix: @everyone (the guild's id) as organiser role.
    await setOrganiserRole(h.db, h.guild.id, h.guild.id, h.clock.now);
    h.clock.now = at('2024-07-31 21:00', TZ) + 5_000; // the nudge of 2024-08-01
    await settle(h);
    const [first] = nudges(h, 'en');
    expect(first?.allowed_mentions.roles).toEqual([]);
    expect(first?.content).not.toContain(`<@&${h.guild.id}>`);
    expect(first?.content).toContain(t('en', 'common.organisers'));

    await ephemeral(h.run('meeting', 'organisers', { role: role(h.organiserRole) }));
    h.clock.now = at('2024-08-14 21:00', TZ) + 5_000; // the nudge of 2024-08-15
    await settle(h);
    const second = nudges(h, 'en')[1];
    expect(second?.allowed_mentions.roles).toEqual([h.organiserRole]);
    expect(second?.content).toContain(`<@&${h.organiserRole}>`);

    await ephemeral(h.run('meeting', 'organisers'));
    h.clock.now = at('2024-08-28 21:00', TZ) + 5_000; // the nudge of 2024-08-29
    await settle(h);
    const third = nudges(h, 'en')[2];
    expect(third?.allowed_mentions.roles).toEqual([]);
    expect(third?.content).not.toContain('<@&');
  });
});
