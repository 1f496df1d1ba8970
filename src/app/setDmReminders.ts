import type { Language } from '../domain/model.ts';
import { setDmEnabled } from '../store/member-prefs.ts';
import { activeSeriesOfGuild } from '../store/series.ts';
import { type Ctx, transact } from './context.ts';
import { recordChange } from './recordChange.ts';

/**
 * `/me dm on|off`: the member's own title request, nudge and agenda also come
 * by direct message, in `language` (their Discord client's). Turning it on
 * again also clears an earlier refusal by Discord (DMs were closed).
 */
export function setDmReminders(
  ctx: Ctx,
  input: { enabled: boolean; language: Language },
): { enabled: boolean } {
  return transact(ctx, () => {
    setDmEnabled(
      ctx.db,
      {
        guildId: ctx.actor.guildId,
        userId: ctx.actor.userId,
        enabled: input.enabled,
        language: input.language,
      },
      ctx.now,
    );
    // Queue (or cancel) their direct messages in every series of the guild now.
    recordChange(ctx, null, {
      action: input.enabled ? 'member.dm.on' : 'member.dm.off',
      before: null,
      after: { language: input.language },
      replan: activeSeriesOfGuild(ctx.db, ctx.actor.guildId),
    });
    return { enabled: input.enabled };
  });
}
