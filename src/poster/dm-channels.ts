import { type REST, Routes } from 'discord.js';
import type { APIChannel } from 'discord-api-types/v10';
import { dmUserOf } from '../domain/dm-target.ts';

/**
 * The direct-message channel behind a `dm:<userId>` post target, opened with
 * `POST /users/@me/channels` (Discord returns the existing channel when there
 * is one) and remembered for the life of the process. Other channel ids pass
 * through unchanged.
 */
export class DmChannels {
  readonly #rest: Pick<REST, 'post'>;
  readonly #known = new Map<string, Promise<string>>();

  constructor(rest: Pick<REST, 'post'>) {
    this.#rest = rest;
  }

  resolve(channelId: string): Promise<string> {
    const userId = dmUserOf(channelId);
    if (userId === null) return Promise.resolve(channelId);
    let known = this.#known.get(userId);
    if (!known) {
      known = (
        this.#rest.post(Routes.userChannels(), { body: { recipient_id: userId } }) as Promise<APIChannel>
      ).then((channel) => channel.id);
      // A failure is not remembered: the next send asks again.
      known.catch(() => this.#known.delete(userId));
      this.#known.set(userId, known);
    }
    return known;
  }
}
