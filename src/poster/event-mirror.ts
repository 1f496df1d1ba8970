import { DiscordAPIError } from 'discord.js';
import { RESTJSONErrorCodes } from 'discord-api-types/v10';
import type { MeetingView } from '../app/views.ts';
import { toSendError } from './discord-poster.ts';
import { SendError } from './poster.ts';

/**
 * Where meetings are mirrored as Discord scheduled events. The outbox drives
 * it in its own lane: retried on failure, never ahead of a due reminder.
 */
export interface EventMirrorPort {
  /** Creates the event (eventId null) or updates it; returns its id. */
  upsert(view: MeetingView, eventId: string | null): Promise<string>;
  /**
   * The event an earlier create whose outcome is unknown may have made: the
   * bot's own events of the guild whose digest (`eventDigest`) matches, not
   * already another meeting's. Null when there is none.
   */
  find(
    guildId: string,
    digest: string,
    isTaken: (eventId: string) => Promise<boolean>,
  ): Promise<string | null>;
  /** Marks the event cancelled (the meeting was skipped or paused). */
  cancel(guildId: string, eventId: string): Promise<void>;
  /** Deletes the event (the meeting is held but no longer mirrored); an event already gone is fine. */
  remove(guildId: string, eventId: string): Promise<void>;
}

/**
 * Why a mirror call failed: the guild is at Discord's cap of scheduled events
 * (JSON error 30038), the bot lacks the permission (50013, 50001), or anything else.
 */
export type MirrorFailure = 'cap' | 'permission' | 'other';

export class MirrorError extends SendError {
  readonly reason: MirrorFailure;

  constructor(error: SendError, reason: MirrorFailure) {
    super(error.message, error.transient, error.retryAfterMs);
    this.name = 'MirrorError';
    this.reason = reason;
  }
}

/** Classifies a failed scheduled-event call. */
export function toMirrorError(error: unknown): MirrorError {
  if (error instanceof MirrorError) return error;
  const send = toSendError(error);
  if (!(error instanceof DiscordAPIError)) return new MirrorError(send, 'other');
  const code = Number(error.code);
  if (code === RESTJSONErrorCodes.MaximumNumberOfUncompletedGuildScheduledEventsReached)
    return new MirrorError(send, 'cap');
  if (code === RESTJSONErrorCodes.MissingPermissions || code === RESTJSONErrorCodes.MissingAccess)
    return new MirrorError(send, 'permission');
  return new MirrorError(send, 'other');
}
