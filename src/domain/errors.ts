import type { MessageKey } from '../i18n/catalog.ts';

export type MessageParams = Record<string, string | number>;

/**
 * An expected failure caused by the user's input or rights. It carries a
 * catalog key, so the dispatcher can show it in the reader's language, and it
 * always means "nothing was changed".
 */
export class UserError extends Error {
  readonly key: MessageKey;
  readonly params: MessageParams;

  constructor(key: MessageKey, params: MessageParams = {}) {
    super(`${key} ${JSON.stringify(params)}`);
    this.name = 'UserError';
    this.key = key;
    this.params = params;
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}
