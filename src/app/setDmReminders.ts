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
export async function setDmReminders(
  ctx: Ctx,
  input: { enabled: boolean; language: Language },
): Promise<{ enabled: boolean }> {
  return transact(ctx, async (tx) => {
    await setDmEnabled(
      tx.db,
      {
        guildId: tx.actor.guildId,
        userId: tx.actor.userId,
        enabled: input.enabled,
        language: input.language,
      },
      tx.now,
    );
    // Queue (or cancel) their direct messages in every series of the guild now.
    await recordChange(tx, null, {
      action: input.enabled ? 'member.dm.on' : 'member.dm.off',
      before: null,
      after: { language: input.language },
      replan: await activeSeriesOfGuild(tx.db, tx.actor.guildId),
    });
    return { enabled: input.enabled };
  });
}
