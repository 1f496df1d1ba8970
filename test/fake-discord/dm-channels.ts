import { ChannelType } from 'discord-api-types/v10';
import type { FakeContext } from './context.ts';
import { userObject } from './directory.ts';
import { apiError, ok, type Reply } from './http.ts';
import { buildMessage, type MessageBody, mentionedUsers, validateMessageBody } from './messages.ts';
import type { RouteContext, Router } from './router.ts';

/**
 * Direct-message channels between the bot and fixture users. As on Discord,
 * `POST /users/@me/channels` opens (or returns the existing) DM channel with a
 * user, even one whose DMs are closed; sending in it then fails with 403 and
 * JSON error 50007 "Cannot send messages to this user".
 */
export class DmChannelStore {
  readonly #byUser = new Map<string, string>();
  readonly #byChannel = new Map<string, string>();
  readonly #closed = new Set<string>();

  open(userId: string, newId: () => string): string {
    let id = this.#byUser.get(userId);
    if (id === undefined) {
      id = newId();
      this.#byUser.set(userId, id);
      this.#byChannel.set(id, userId);
    }
    return id;
  }

  /** The user a DM channel is with, or undefined for any other channel. */
  recipientOf(channelId: string): string | undefined {
    return this.#byChannel.get(channelId);
  }

  channelOf(userId: string): string | undefined {
    return this.#byUser.get(userId);
  }

  setClosed(userId: string, closed: boolean): void {
    if (closed) this.#closed.add(userId);
    else this.#closed.delete(userId);
  }

  isClosed(userId: string): boolean {
    return this.#closed.has(userId);
  }
}

/** `POST /users/@me/channels` (Create DM). */
export function registerDmRoutes(router: Router, context: FakeContext): void {
  router.on('POST', '/users/@me/channels', (c) => {
    const recipient = (c.request.body as { recipient_id?: unknown } | undefined)?.recipient_id;
    const user = typeof recipient === 'string' ? context.directory.user(recipient) : undefined;
    if (!user) return apiError(400, 50033, 'Invalid Recipient(s)');
    const id = context.dms.open(user.id, () => context.ids.next());
    return ok({ id, type: ChannelType.DM, last_message_id: null, flags: 0, recipients: [userObject(user)] });
  });
}

/** `POST /channels/:id/messages` in a DM channel: refused with 50007 when the user's DMs are closed. */
export function createDmMessage(context: FakeContext, c: RouteContext, recipient: string): Reply {
  const channelId = c.param('channelId');
  const body = (c.request.body ?? {}) as MessageBody;
  const invalid = validateMessageBody(body, true);
  if (invalid) return invalid;
  if (context.dms.isClosed(recipient)) return apiError(403, 50007, 'Cannot send messages to this user');
  if (body.enforce_nonce && body.nonce !== undefined) {
    const original = context.messages.byNonce(channelId, body.nonce, context.ids.now());
    if (original) return ok(original);
  }
  const message = buildMessage(context.ids.next(), {
    channelId,
    author: context.directory.botUser,
    body,
    attachments: [],
    mentions: mentionedUsers(body.content, context.directory),
  });
  context.messages.put(message);
  return ok(message);
}
