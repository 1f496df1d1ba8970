import type { MeetingView } from '../app/views.ts';

/**
 * Where meetings are mirrored as Discord scheduled events. The outbox drives
 * it like a post: retried on failure, never blocking the reminders.
 */
export interface EventMirrorPort {
  /** Creates the event (eventId null) or updates it; returns its id. */
  upsert(view: MeetingView, eventId: string | null): Promise<string>;
  /** Marks the event cancelled (the meeting was skipped or paused). */
  cancel(guildId: string, eventId: string): Promise<void>;
}
