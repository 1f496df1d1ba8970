import type { ModalBuilder } from 'discord.js';
import type { Ctx } from '../app/context.ts';
import type { Language } from '../domain/model.ts';
import type { Names } from '../render/announcement.ts';
import type { FileAttachment } from '../render/attachments.ts';
import type { MessagePayload } from '../render/payload.ts';

/** What a handler has to work with: the application context and the reader's language. */
export interface Env {
  ctx: Ctx;
  /** The language of the member interacting (their Discord client's locale). */
  lang: Language;
}

/**
 * What a handler decided, once its database work is done; the dispatcher
 * then sends it at once.
 * - `reply`: a new message, ephemeral or public, with files if any;
 * - `modal`: a form to fill in;
 * - `update`: the message holding the pressed button is replaced, and the
 *   presser gets `followUp` ephemerally;
 * - `named`: text that leaves Discord (files, forms) names people: the
 *   dispatcher looks up the display names of `userIds` (briefly, within
 *   Discord's 3 seconds) and sends what `render` makes with them. The
 *   database work is already done; `render` is pure. (Not `then`: an
 *   answer with a `then` method would pass for a promise when awaited.)
 */
export type Answer =
  | { kind: 'reply'; payload: MessagePayload; ephemeral: boolean; files?: readonly FileAttachment[] }
  | { kind: 'modal'; modal: ModalBuilder }
  | { kind: 'update'; payload: MessagePayload; followUp: MessagePayload }
  | { kind: 'named'; userIds: readonly string[]; render: (names: Names) => Answer };

/** An ephemeral reply: confirmations, information, errors. */
export function privately(payload: MessagePayload, files?: readonly FileAttachment[]): Answer {
  return { kind: 'reply', payload, ephemeral: true, ...(files && files.length > 0 ? { files } : {}) };
}

/** A reply everyone in the channel sees. */
export function publicly(payload: MessagePayload): Answer {
  return { kind: 'reply', payload, ephemeral: false };
}

/** An answer rendered once the display names of `userIds` are known. */
export function withNames(userIds: readonly string[], render: (names: Names) => Answer): Answer {
  return { kind: 'named', userIds: [...new Set(userIds)], render };
}
