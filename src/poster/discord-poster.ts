import { DiscordAPIError, HTTPError, RateLimitError, type REST, Routes } from 'discord.js';
import type { APIMessage, APIUser } from 'discord-api-types/v10';
import { messageBody } from '../render/message-options.ts';
import { DmChannels } from './dm-channels.ts';
import { messageDigest, snowflakeAt } from './message-digest.ts';
import { type Lookup, type Post, type Poster, SendError } from './poster.ts';
import { CANNOT_MESSAGE_USER, RecipientRefusedError } from './refusal.ts';

/** The REST calls the poster makes; discord.js's `client.rest` in production. */
export type RestPoster = Pick<REST, 'post' | 'get'>;

/** How far before an attempt a lookup starts: Discord's clock and ours may disagree by this much. */
export const CLOCK_SKEW_MS = 60_000;
/** Discord's page size for `GET /channels/:id/messages`. */
const PAGE = 100;

/**
 * Posts to Discord: `POST /channels/:id/messages` with the outbox row as
 * `nonce` and `enforce_nonce`, which saves a retry within Discord's dedup
 * window ("the past few minutes"). Past it, an attempt whose outcome is
 * unknown is resolved by `find`: the bot's own messages in the channel since
 * the attempt, matched by digest (fetched messages carry no nonce). Errors
 * become a `SendError`: server errors, time-outs and rate limits are
 * transient; a refusal (no access, unknown channel, missing permissions, bad
 * request) is permanent.
 */
export class DiscordPoster implements Poster {
  readonly #rest: RestPoster;
  #botUserId: Promise<string> | undefined;
  /** Sends under way by channel and nonce: a second send of the same post waits for the first. */
  readonly #inFlight = new Map<string, Promise<{ messageId: string }>>();
  /** `dm:<userId>` targets become the member's DM channel. */
  readonly #dms: DmChannels;

  /** `botUserId` is asked of Discord (`/users/@me`) the first time a lookup needs it, when not given. */
  constructor(rest: RestPoster, botUserId?: string) {
    this.#rest = rest;
    if (botUserId !== undefined) this.#botUserId = Promise.resolve(botUserId);
    this.#dms = new DmChannels(rest);
  }

  send(post: Post): Promise<{ messageId: string }> {
    const key = `${post.channelId}:${post.nonce}`;
    const pending = this.#inFlight.get(key);
    if (pending !== undefined) return pending;
    const sending = this.#post(post).finally(() => this.#inFlight.delete(key));
    this.#inFlight.set(key, sending);
    return sending;
  }

  async find(lookup: Lookup): Promise<{ messageId: string } | null> {
    try {
      const me = await this.#me();
      const channelId = await this.#dms.resolve(lookup.channelId);
      let after = snowflakeAt(lookup.attemptAt - CLOCK_SKEW_MS);
      for (;;) {
        const page = (await this.#rest.get(Routes.channelMessages(channelId), {
          query: new URLSearchParams({ after, limit: String(PAGE) }),
        })) as APIMessage[];
        // Newest first, as Discord sorts them; oldest of ours first is the attempt's.
        const oldestFirst = [...page].sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
        for (const m of oldestFirst) {
          if (m.author.id === me && messageDigest(m) === lookup.digest && !(await lookup.isTaken(m.id))) {
            return { messageId: m.id };
          }
        }
        const last = oldestFirst.at(-1);
        if (page.length < PAGE || !last) return null;
        after = last.id;
      }
    } catch (error) {
      throw toSendError(error);
    }
  }

  #me(): Promise<string> {
    this.#botUserId ??= (this.#rest.get(Routes.user('@me')) as Promise<APIUser>).then((u) => u.id);
    // A failed look-up is asked again next time.
    return this.#botUserId.catch((error: unknown) => {
      this.#botUserId = undefined;
      throw error;
    });
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
    return new SendError(`rate limited on ${error.route}`, true, error.retryAfter, false);
  }
  if (error instanceof DiscordAPIError) {
    const message = `${error.status} ${error.code}: ${error.message}`;
    if (error.code === CANNOT_MESSAGE_USER) return new RecipientRefusedError(message);
    if (error.status === 429) return new SendError(message, true, retryAfterOf(error.rawError), false);
    const server = error.status >= 500 || error.status === 408;
    return new SendError(message, server, undefined, server);
  }
  if (error instanceof HTTPError) {
    const server = error.status >= 500 || error.status === 408;
    return new SendError(
      `${error.status} ${error.message}`,
      server || error.status === 429,
      undefined,
      server,
    );
  }
  // A refused connection never reached Discord; time-outs (AbortError) and dropped connections may have.
  const code = (error as { code?: unknown } | null)?.code;
  const unreached = code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN';
  return new SendError(
    error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    true,
    undefined,
    !unreached,
  );
}

function retryAfterOf(raw: unknown): number | undefined {
  const seconds = (raw as { retry_after?: unknown } | null)?.retry_after;
  return typeof seconds === 'number' && Number.isFinite(seconds) ? Math.ceil(seconds * 1000) : undefined;
}
