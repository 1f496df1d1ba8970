import { DiscordAPIError, HTTPError, RateLimitError, type REST, Routes } from 'discord.js';
import type { APIMessage } from 'discord-api-types/v10';
import { messageBody } from '../render/message-options.ts';
import { DmChannels } from './dm-channels.ts';
import { type Post, type Poster, SendError } from './poster.ts';
import { CANNOT_MESSAGE_USER, RecipientRefusedError } from './refusal.ts';

/** The REST calls the poster makes; discord.js's `client.rest` in production. */
export type RestPoster = Pick<REST, 'post'>;

/**
 * Posts to Discord: `POST /channels/:id/messages` with the outbox row as
 * `nonce` and `enforce_nonce`, so a retry after a lost response, a crash or
 * an overlapping tick never creates a second message. Errors become a
 * `SendError`: server errors, time-outs and rate limits are transient; a
 * refusal (no access, unknown channel, missing permissions, bad request) is
 * permanent.
 */
export class DiscordPoster implements Poster {
  readonly #rest: RestPoster;
  /** Sends under way by channel and nonce: a second send of the same post waits for the first. */
  readonly #inFlight = new Map<string, Promise<{ messageId: string }>>();
  /** `dm:<userId>` targets become the member's DM channel. */
  readonly #dms: DmChannels;

  constructor(rest: RestPoster) {
    this.#rest = rest;
    this.#dms = new DmChannels(rest);
  }

  send(post: Post): Promise<{ messageId: string }> {
    const key = `${post.channelId}:${post.nonce}`;
    const pending = this.#inFlight.get(key);
    if (pending) return pending;
    const sending = this.#post(post).finally(() => this.#inFlight.delete(key));
    this.#inFlight.set(key, sending);
    return sending;
  }

  async #post(post: Post): Promise<{ messageId: string }> {
    try {
      const channelId = await this.#dms.resolve(post.channelId);
      const message = (await this.#rest.post(Routes.channelMessages(channelId), {
        body: { ...messageBody(post.payload), nonce: post.nonce, enforce_nonce: true },
      })) as APIMessage;
      return { messageId: message.id };
    } catch (error) {
      throw toSendError(error);
    }
  }
}

/** Classifies a failed REST call. */
export function toSendError(error: unknown): SendError {
  if (error instanceof SendError) return error;
  if (error instanceof RateLimitError) {
    return new SendError(`rate limited on ${error.route}`, true, error.retryAfter);
  }
  if (error instanceof DiscordAPIError) {
    const message = `${error.status} ${error.code}: ${error.message}`;
    if (error.code === CANNOT_MESSAGE_USER) return new RecipientRefusedError(message);
    if (error.status === 429) return new SendError(message, true, retryAfterOf(error.rawError));
    return new SendError(message, error.status >= 500 || error.status === 408);
  }
  if (error instanceof HTTPError) {
    return new SendError(
      `${error.status} ${error.message}`,
      error.status >= 500 || error.status === 429 || error.status === 408,
    );
  }
  // Time-outs (AbortError), refused connections, DNS failures: worth another try.
  return new SendError(error instanceof Error ? `${error.name}: ${error.message}` : String(error), true);
}

function retryAfterOf(raw: unknown): number | undefined {
  const seconds = (raw as { retry_after?: unknown } | null)?.retry_after;
  return typeof seconds === 'number' && Number.isFinite(seconds) ? Math.ceil(seconds * 1000) : undefined;
}
