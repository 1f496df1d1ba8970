import type { Language } from '../domain/model.ts';
import { setDmEnabled } from '../store/member-prefs.ts';
import { activeSeriesOfGuild } from '../store/series.ts';
import { audit, type Ctx, transact } from './context.ts';
import { planSeries } from './planSeries.ts';

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
    audit(ctx, null, input.enabled ? 'member.dm.on' : 'member.dm.off', null, { language: input.language });
    // Queue (or cancel) their direct messages in every series of the guild now.
    for (const series of activeSeriesOfGuild(ctx.db, ctx.actor.guildId)) planSeries(ctx.db, series, ctx.now);
    return { enabled: input.enabled };
  });
}
