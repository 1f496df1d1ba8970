import { DiscordAPIError, type REST, Routes } from 'discord.js';
import {
  type APIGuildScheduledEvent,
  GuildScheduledEventEntityType,
  GuildScheduledEventPrivacyLevel,
  GuildScheduledEventStatus,
} from 'discord-api-types/v10';
import type { MeetingView } from '../app/views.ts';
import type { Names } from '../render/announcement.ts';
import { renderEvent } from '../render/event.ts';
import { type EventMirrorPort, toMirrorError } from './event-mirror.ts';
import { eventDigest } from './message-digest.ts';

/** Display names of guild members, for the event description (outside Discord's mention rendering). */
export type NameLookup = (guildId: string, userIds: readonly string[]) => Promise<Names>;

/**
 * Mirrors meetings as guild scheduled events: external events with the
 * meeting link as location, presenters and titles in the description.
 */
export class DiscordEventMirror implements EventMirrorPort {
  readonly #rest: Pick<REST, 'post' | 'patch' | 'delete' | 'get'>;
  readonly #names: NameLookup;
  #botUserId: Promise<string> | undefined;

  constructor(rest: Pick<REST, 'post' | 'patch' | 'delete' | 'get'>, names: NameLookup, botUserId?: string) {
    this.#rest = rest;
    this.#names = names;
    if (botUserId !== undefined) this.#botUserId = Promise.resolve(botUserId);
  }

  async upsert(view: MeetingView, eventId: string | null): Promise<string> {
    const guildId = view.series.guildId;
    const ids = view.slots.flatMap((s) => (s.userId ? [s.userId] : []));
    const fields = renderEvent(view, await this.#names(guildId, ids).catch(() => new Map()));
    const body = {
      name: fields.name,
      description: fields.description,
      scheduled_start_time: new Date(fields.startsAt).toISOString(),
      scheduled_end_time: new Date(fields.endsAt).toISOString(),
      privacy_level: GuildScheduledEventPrivacyLevel.GuildOnly,
      entity_type: GuildScheduledEventEntityType.External,
      entity_metadata: { location: fields.location },
    };
    try {
      if (eventId !== null) {
        try {
          return (
            (await this.#rest.patch(Routes.guildScheduledEvent(guildId, eventId), {
              body,
            })) as APIGuildScheduledEvent
          ).id;
        } catch (error) {
          // Someone deleted the event in Discord: make it again.
          if (!(error instanceof DiscordAPIError && error.status === 404)) throw error;
        }
      }
      return (
        (await this.#rest.post(Routes.guildScheduledEvents(guildId), { body })) as APIGuildScheduledEvent
      ).id;
    } catch (error) {
      throw toMirrorError(error);
    }
  }

  async find(
    guildId: string,
    digest: string,
    isTaken: (eventId: string) => Promise<boolean>,
  ): Promise<string | null> {
    try {
      const [events, me] = await Promise.all([
        this.#rest.get(Routes.guildScheduledEvents(guildId)) as Promise<APIGuildScheduledEvent[]>,
        this.#me(),
      ]);
      for (const e of events) {
        if (
          e.creator_id === me &&
          e.status === GuildScheduledEventStatus.Scheduled &&
          eventDigest({
            name: e.name,
            startsAt: Date.parse(e.scheduled_start_time),
            endsAt: e.scheduled_end_time === null ? Number.NaN : Date.parse(e.scheduled_end_time),
          }) === digest &&
          !(await isTaken(e.id))
        ) {
          return e.id;
        }
      }
      return null;
    } catch (error) {
      throw toMirrorError(error);
    }
  }

  #me(): Promise<string> {
    this.#botUserId ??= (this.#rest.get(Routes.user('@me')) as Promise<{ id: string }>).then((u) => u.id);
    return this.#botUserId.catch((error: unknown) => {
      this.#botUserId = undefined;
      throw error;
    });
  }

  async cancel(guildId: string, eventId: string): Promise<void> {
    try {
      await this.#rest.patch(Routes.guildScheduledEvent(guildId, eventId), {
        body: { status: GuildScheduledEventStatus.Canceled },
      });
    } catch (error) {
      throw toMirrorError(error);
    }
  }

  async remove(guildId: string, eventId: string): Promise<void> {
    try {
      await this.#rest.delete(Routes.guildScheduledEvent(guildId, eventId));
    } catch (error) {
      // Deleted in Discord already: what we wanted.
      if (error instanceof DiscordAPIError && error.status === 404) return;
      throw toMirrorError(error);
    }
  }
}
