/**
 * A bench guild's series, set up through the app as `/meeting setup` and
 * `/rotation add` do: for the suites that talk to the bot through the fake
 * Discord and need a guild it knows (not the bulk rows of `seed.ts`).
 */
import { addMember } from '../src/app/addMember.ts';
import { setupSeries } from '../src/app/setupSeries.ts';
import type { Db } from '../src/store/db.ts';
import type { GuildFixture } from '../test/fake-discord/server.ts';

/**
 * A fortnightly series in the guild's meetings channel (its second), set up at
 * `now` by the guild's first member, with `members` on the roster in order.
 */
export async function setUpGuildSeries(
  db: Db,
  guild: GuildFixture,
  opts: { now: number; members: readonly { id: string }[]; link: string; language?: string },
): Promise<void> {
  const channelId = guild.channels[1]!.id;
  const ctx = {
    db,
    now: opts.now,
    actor: { userId: guild.members[0]!.id, guildId: guild.id, channelId, canManage: true, roleIds: [] },
  };
  await setupSeries(ctx, {
    channelId,
    weekday: 4,
    time: '21:00',
    timezone: 'Asia/Shanghai',
    everyWeeks: 2,
    start: '2031-01-02',
    link: opts.link,
    ...(opts.language === undefined ? {} : { language: opts.language }),
  });
  for (const m of opts.members) await addMember(ctx, { userId: m.id });
}
