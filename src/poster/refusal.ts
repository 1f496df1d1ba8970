import { SendError } from './poster.ts';

/**
 * Discord will not deliver to this user: their direct messages are closed to
 * the bot (JSON error 50007, "Cannot send messages to this user"). Permanent:
 * trying again changes nothing until the member opens their DMs.
 */
export class RecipientRefusedError extends SendError {
  constructor(message: string) {
    super(message, false);
    this.name = 'RecipientRefusedError';
  }
}

/** Discord's JSON error code for a user who does not accept the bot's direct messages. */
export const CANNOT_MESSAGE_USER = 50007;
