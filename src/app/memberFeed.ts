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
export function memberFeedUrl(ctx: Ctx): MemberFeed {
  const base = requirePublicUrl(ctx.db);
  const { guildId, userId } = ctx.actor;
  const token = transact(ctx, () => {
    const existing = memberFeedTokenOf(ctx.db, guildId, userId);
    if (existing !== null) return existing;
    const made = newSecret();
    saveMemberFeedToken(ctx.db, guildId, userId, made, ctx.now);
    recordChange(ctx, null, { action: 'feed.create', before: null, after: { userId } });
    return made;
  });
  const feedUrl = absolute(base, PATHS.memberFeed(token));
  return { feedUrl, subscribeUrl: webcal(feedUrl) };
}

/** The member's feed when this Podium has a web server (`/me talks` shows it then), else null. */
export function offeredMemberFeed(ctx: Ctx): MemberFeed | null {
  return publicUrlOf(ctx.db) === null ? null : memberFeedUrl(ctx);
}
