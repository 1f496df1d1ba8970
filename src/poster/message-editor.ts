import { type REST, Routes } from 'discord.js';
import { messageBody } from '../render/message-options.ts';
import type { MessagePayload } from '../render/payload.ts';
import { toSendError } from './discord-poster.ts';

/** Where posted messages are edited: Discord in production, a recorder in tests. */
export interface MessageEditor {
  /** Replaces the message's content, embeds and buttons with `payload`. Throws a `SendError` on failure. */
  edit(channelId: string, messageId: string, payload: MessagePayload): Promise<void>;
}

/**
 * Edits the bot's own channel messages: `PATCH /channels/:id/messages/:id`
 * with the whole payload (an edit is idempotent: sending it twice shows the
 * same message). Errors are classified like a post's.
 */
export class DiscordMessageEditor implements MessageEditor {
  readonly #rest: Pick<REST, 'patch'>;

  constructor(rest: Pick<REST, 'patch'>) {
    this.#rest = rest;
  }

  async edit(channelId: string, messageId: string, payload: MessagePayload): Promise<void> {
    try {
      await this.#rest.patch(Routes.channelMessage(channelId, messageId), { body: messageBody(payload) });
    } catch (error) {
      throw toSendError(error);
    }
  }
}
