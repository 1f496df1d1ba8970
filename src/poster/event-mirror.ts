import type { MeetingView } from '../app/views.ts';

/**
 * Where meetings are mirrored as Discord scheduled events. The outbox drives
 * it like a post: retried on failure, never blocking the reminders.
 */
export interface EventMirrorPort {
  /** Creates the event (eventId null) or updates it; returns its id. */
  upsert(view: MeetingView, eventId: string | null): Promise<string>;
  /**
   * The event an earlier create whose outcome is unknown may have made: the
   * bot's own events of the guild whose digest (`eventDigest`) matches, not
   * already another meeting's. Null when there is none.
   */
  find(guildId: string, digest: string, isTaken: (eventId: string) => boolean): Promise<string | null>;
  /** Marks the event cancelled (the meeting was skipped or paused). */
  cancel(guildId: string, eventId: string): Promise<void>;
}
