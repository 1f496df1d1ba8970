import type { ModalBuilder } from 'discord.js';
import type { Ctx } from '../app/context.ts';
import type { Language } from '../domain/model.ts';
import type { MessagePayload } from '../render/payload.ts';

/** What a handler has to work with: the application context and the reader's language. */
export interface Env {
  ctx: Ctx;
  /** The language of the member interacting (their Discord client's locale). */
  lang: Language;
}

/**
 * What a handler decided, computed synchronously (database work included);
 * the dispatcher then sends it at once.
 * - `reply`: a new message, ephemeral or public;
 * - `modal`: a form to fill in;
 * - `update`: the message holding the pressed button is replaced, and the
 *   presser gets `followUp` ephemerally.
 */
export type Answer =
  | { kind: 'reply'; payload: MessagePayload; ephemeral: boolean }
  | { kind: 'modal'; modal: ModalBuilder }
  | { kind: 'update'; payload: MessagePayload; followUp: MessagePayload };

/** An ephemeral reply: confirmations, information, errors. */
export function privately(payload: MessagePayload): Answer {
  return { kind: 'reply', payload, ephemeral: true };
}

/** A reply everyone in the channel sees. */
export function publicly(payload: MessagePayload): Answer {
  return { kind: 'reply', payload, ephemeral: false };
}
