import type { APIMessage, APIReaction } from 'discord-api-types/v10';
import { type FakeContext, publishDelete, publishEdit, publishMessage } from './context.ts';
import { type ChannelState, channelObject, memberObject } from './directory.ts';
import { createDmMessage } from './dm-channels.ts';
import { apiError, invalidFormBody, NO_CONTENT, ok, type Reply } from './http.ts';
import {
  applyEdit,
  asFetched,
  attachmentsFrom,
  buildMessage,
  type MessageBody,
  mentionedUsers,
  validateMessageBody,
} from './messages.ts';
import type { RouteContext, Router } from './router.ts';

const DEFAULT_FETCH_LIMIT = 50;
const MAX_FETCH_LIMIT = 100;

/** `/channels/...`: channel lookup, messages (with `enforce_nonce`), reactions, typing. */
export function registerChannelRoutes(router: Router, context: FakeContext): void {
  const base = '/channels/:channelId';
  const message = `${base}/messages/:messageId`;
  const ownReaction = `${message}/reactions/:emoji/@me`;
  router
    .on('GET', base, (c) => withChannel(context, c, (where) => ok(channelObject(where.guild, where.channel))))
    .on('POST', `${base}/typing`, (c) => withChannel(context, c, () => NO_CONTENT))
    .on('GET', `${base}/messages`, (c) =>
      context.dms.recipientOf(c.param('channelId')) !== undefined
        ? listMessages(context, c.param('channelId'), c)
        : withChannel(context, c, (where) => listMessages(context, where.channel.id, c)),
    )
    .on('POST', `${base}/messages`, (c) => {
      const recipient = context.dms.recipientOf(c.param('channelId'));
      if (recipient !== undefined) return createDmMessage(context, c, recipient);
      return withChannel(context, c, (where) => createMessage(context, where, c));
    })
    .on('GET', message, (c) => withMessage(context, c, (_where, found) => ok(asFetched(found))))
    .on('PATCH', message, (c) =>
      withMessage(context, c, (where, found) => editMessage(context, where, found, c)),
    )
    .on('DELETE', message, (c) =>
      withMessage(context, c, (where, found) => deleteMessage(context, where, found)),
    )
    .on('PUT', ownReaction, (c) => withMessage(context, c, (where, found) => react(context, where, found, c)))
    .on('DELETE', ownReaction, (c) => withMessage(context, c, (_where, found) => unreact(context, found, c)));
}

function withChannel(context: FakeContext, c: RouteContext, handle: (where: ChannelState) => Reply): Reply {
  const where = context.directory.channel(c.param('channelId'));
  return where ? handle(where) : apiError(404, 10003, 'Unknown Channel');
}

function withMessage(
  context: FakeContext,
  c: RouteContext,
  handle: (where: ChannelState, message: APIMessage) => Reply,
): Reply {
  return withChannel(context, c, (where) => {
    const found = context.messages.get(where.channel.id, c.param('messageId'));
    return found ? handle(where, found) : apiError(404, 10008, 'Unknown Message');
  });
}

/**
 * `GET /channels/:id/messages?before|after|around&limit`: at most `limit`
 * (1–100, default 50) messages, newest first, as Discord sorts them whatever
 * the cursor: `before` the newest ones older than it, `after` the oldest ones
 * newer than it, `around` those on either side. Without their nonce.
 */
function listMessages(context: FakeContext, channelId: string, c: RouteContext): Reply {
  const { query } = c.request;
  const limit = Number(query.limit ?? DEFAULT_FETCH_LIMIT);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_FETCH_LIMIT) {
    return invalidFormBody(
      'limit',
      'NUMBER_TYPE_MAX',
      `int value should be between 1 and ${MAX_FETCH_LIMIT}.`,
    );
  }
  const cursors = (['before', 'after', 'around'] as const).filter((k) => query[k] !== undefined);
  if (cursors.some((k) => !/^\d+$/.test(query[k] ?? ''))) {
    return invalidFormBody(cursors[0] ?? 'before', 'NUMBER_TYPE_COERCE', 'Value is not snowflake.');
  }
  const oldestFirst = context.messages.list(channelId);
  const id = (m: APIMessage) => BigInt(m.id);
  let picked: APIMessage[];
  if (query.after !== undefined) {
    const after = BigInt(query.after);
    picked = oldestFirst.filter((m) => id(m) > after).slice(0, limit);
  } else if (query.before !== undefined) {
    const before = BigInt(query.before);
    picked = oldestFirst.filter((m) => id(m) < before).slice(-limit);
  } else if (query.around !== undefined) {
    const around = BigInt(query.around);
    const older = oldestFirst.filter((m) => id(m) <= around).slice(-Math.ceil(limit / 2));
    const newer = oldestFirst.filter((m) => id(m) > around).slice(0, limit - older.length);
    picked = [...older, ...newer];
  } else {
    picked = oldestFirst.slice(-limit);
  }
  return ok(picked.reverse().map(asFetched));
}

function createMessage(context: FakeContext, where: ChannelState, c: RouteContext): Reply {
  const body = (c.request.body ?? {}) as MessageBody;
  const invalid = validateMessageBody(body, true);
  if (invalid) return invalid;
  if (body.enforce_nonce && body.nonce !== undefined) {
    const original = context.messages.byNonce(where.channel.id, body.nonce, context.ids.now());
    if (original) return ok(original);
  }
  const reference = body.message_reference;
  const referenced = reference?.message_id ? context.messages.find(reference.message_id) : undefined;
  if (reference?.message_id && !referenced && reference.fail_if_not_exists !== false) {
    return invalidFormBody('message_reference', 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', 'Unknown message');
  }
  const message = buildMessage(context.ids.next(), {
    channelId: where.channel.id,
    author: context.directory.botUser,
    body,
    attachments: attachmentsFrom(body, context.ids, context.origin()),
    mentions: mentionedUsers(body.content, context.directory),
    ...(referenced ? { referenced } : {}),
  });
  publishMessage(context, where, message);
  return ok(message);
}

function editMessage(context: FakeContext, where: ChannelState, message: APIMessage, c: RouteContext): Reply {
  if (message.author.id !== context.directory.botUser.id) {
    return apiError(403, 50005, 'Cannot edit a message authored by another user');
  }
  const body = (c.request.body ?? {}) as MessageBody;
  const invalid = validateMessageBody(body, false);
  if (invalid) return invalid;
  const edited = applyEdit(message, body, attachmentsFrom(body, context.ids, context.origin()));
  publishEdit(context, where, edited);
  return ok(edited);
}

function deleteMessage(context: FakeContext, where: ChannelState, message: APIMessage): Reply {
  publishDelete(context, where, message.id);
  return NO_CONTENT;
}

/** `name` for unicode emojis, `name:id` for custom ones, as in the reaction routes. */
function parseEmoji(raw: string): { id: string | null; name: string } {
  const [name = raw, id] = raw.split(':');
  return { id: id ?? null, name };
}

function react(context: FakeContext, where: ChannelState, message: APIMessage, c: RouteContext): Reply {
  const emoji = parseEmoji(c.param('emoji'));
  const reactions = message.reactions ?? [];
  const existing = reactions.find((r) => r.emoji.name === emoji.name && r.emoji.id === emoji.id);
  if (existing?.me) return NO_CONTENT;
  const updated: APIReaction = existing
    ? { ...existing, me: true, count: existing.count + 1 }
    : {
        emoji,
        count: 1,
        count_details: { burst: 0, normal: 1 },
        me: true,
        me_burst: false,
        burst_colors: [],
      };
  context.messages.put({ ...message, reactions: [...reactions.filter((r) => r !== existing), updated] });
  dispatchReaction(context, where, message, emoji);
  return NO_CONTENT;
}

function unreact(context: FakeContext, message: APIMessage, c: RouteContext): Reply {
  const emoji = parseEmoji(c.param('emoji'));
  const reactions = (message.reactions ?? [])
    .map((r) =>
      r.me && r.emoji.name === emoji.name && r.emoji.id === emoji.id
        ? { ...r, me: false, count: r.count - 1 }
        : r,
    )
    .filter((r) => r.count > 0);
  context.messages.put({ ...message, reactions });
  return NO_CONTENT;
}

function dispatchReaction(
  context: FakeContext,
  where: ChannelState,
  message: APIMessage,
  emoji: { id: string | null; name: string },
): void {
  const guildId = where.guild.fixture.id;
  const botMember = where.guild.members.get(context.directory.botUser.id);
  context.gateway.dispatch(
    'MESSAGE_REACTION_ADD',
    {
      user_id: context.directory.botUser.id,
      channel_id: where.channel.id,
      message_id: message.id,
      guild_id: guildId,
      emoji,
      burst: false,
      type: 0,
      message_author_id: message.author.id,
      ...(botMember ? { member: memberObject(botMember) } : {}),
    },
    guildId,
  );
}
