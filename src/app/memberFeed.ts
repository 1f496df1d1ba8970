import { memberFeedTokenOf, saveMemberFeedToken } from '../store/shares.ts';
import { type Ctx, transact } from './context.ts';
import { recordChange } from './recordChange.ts';
import { absolute, newSecret, PATHS, publicUrlOf, requirePublicUrl, webcal } from './shareUrls.ts';

export interface MemberFeed {
  feedUrl: string;
  subscribeUrl: string;
}

/**
 * The member's own calendar feed (their talks in every series of the guild),
 * for `/me talks`: the token is made on first use and kept, so the link stays
 * the same for the calendar apps subscribed to it.
 */
export async function memberFeedUrl(ctx: Ctx): Promise<MemberFeed> {
  const base = await requirePublicUrl(ctx.db);
  const { guildId, userId } = ctx.actor;
  const token = await transact(ctx, async (tx) => {
    const existing = await memberFeedTokenOf(tx.db, guildId, userId);
    if (existing !== null) return existing;
    const made = newSecret();
    await saveMemberFeedToken(tx.db, guildId, userId, made, tx.now);
    await recordChange(tx, null, { action: 'feed.create', before: null, after: { userId } });
    return made;
  });
  const feedUrl = absolute(base, PATHS.memberFeed(token));
  return { feedUrl, subscribeUrl: webcal(feedUrl) };
}

/** The member's feed when this Podium has a web server (`/me talks` shows it then), else null. */
export async function offeredMemberFeed(ctx: Ctx): Promise<MemberFeed | null> {
  return (await publicUrlOf(ctx.db)) === null ? null : memberFeedUrl(ctx);
}
