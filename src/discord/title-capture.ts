import type { Message } from 'discord.js';
import { captureTitle, seriesOfTopicChannel } from '../app/captureTitle.ts';
import type { Actor } from '../app/context.ts';
import { isUserError } from '../domain/errors.ts';
import type { Logger } from '../log.ts';
import { messageOptions } from '../render/message-options.ts';
import type { MessagePayload } from '../render/payload.ts';
import { renderError, renderTitleSet } from '../render/replies.ts';
import type { Db } from '../store/db.ts';
import { applyOnce, isBusy } from './dispatcher.ts';

export interface TitleCaptureDeps {
  db: Db;
  log: Logger;
  clock: () => number;
  /** Called after a title was stored. */
  onChange?: () => void;
}

export const CONFIRM_EMOJI = '✅';

/**
 * Title capture in a series' topic channel or thread: a presenter's message
 * becomes their title, confirmed with ✅ and a short reply in the series
 * language that pings nobody. Messages that are not a title get nothing; a
 * first line over 200 characters gets the error as a reply (nothing stored).
 * Bots, webhooks and system messages are ignored.
 */
export function createTitleCapture(deps: TitleCaptureDeps): (message: Message) => Promise<void> {
  const { db, log } = deps;
  return async (message) => {
    if (message.author.bot || message.webhookId !== null || message.system || !message.inGuild()) return;
    const series = await seriesOfTopicChannel(db, message.guildId, message.channelId);
    if (!series) return;
    const now = deps.clock();
    const actor: Actor = {
      userId: message.author.id,
      guildId: message.guildId,
      channelId: message.channelId,
      canManage: false,
      roleIds: [...(message.member?.roles.cache.keys() ?? [])].filter((id) => id !== message.guildId),
    };
    const where = { guildId: message.guildId, channelId: message.channelId, userId: message.author.id };
    let reply: MessagePayload;
    let captured = false;
    try {
      // Applied once, whichever process sees the message first.
      const applied = await applyOnce(db, message.id, 'message', now, (store) =>
        // One transaction from reading the presenter's slot to writing the title.
        store.transaction(
          (tx) => captureTitle({ db: tx, now, actor }, { series, content: message.content }),
          {
            lock: message.guildId,
          },
        ),
      );
      if (!applied) return;
      const view = applied.value;
      if (!view) return;
      captured = true;
      reply = renderTitleSet(view, series.language);
    } catch (error) {
      if (!isUserError(error)) {
        if (isBusy(error)) log.warn({ ...where, err: error }, 'title capture: database busy');
        else log.error({ ...where, err: error }, 'title capture failed');
        return;
      }
      reply = renderError(error.key, error.params, series.language);
    }
    if (captured) {
      // A missing Add Reactions permission must not keep the reply from going out.
      await message.react(CONFIRM_EMOJI).catch((error: unknown) => {
        log.warn({ ...where, err: error }, 'title capture: could not react');
      });
    }
    // Asked for before replying, as the dispatcher does.
    if (captured) deps.onChange?.();
    const options = messageOptions(reply);
    await message
      .reply({ ...options, allowedMentions: { ...options.allowedMentions, repliedUser: false } })
      .catch((error: unknown) => log.warn({ ...where, err: error }, 'title capture: could not reply'));
  };
}
