import type {
  APIAttachment,
  APIEmbed,
  APIMessage,
  APIMessageTopLevelComponent,
  APIUser,
} from 'discord-api-types/v10';
import { MessageType } from 'discord-api-types/v10';
import { type Directory, userObject } from './directory.ts';
import { apiError, invalidFormBody, type Reply, type UploadedFile } from './http.ts';
import { type SnowflakeGenerator, snowflakeTime } from './snowflake.ts';

/** A message create/edit body as clients send it (also interaction response `data`). */
export interface MessageBody {
  content?: string;
  embeds?: unknown[];
  components?: unknown[];
  flags?: number;
  nonce?: string | number;
  enforce_nonce?: boolean;
  tts?: boolean;
  message_reference?: { message_id?: string; channel_id?: string; fail_if_not_exists?: boolean };
  /** Attachment metadata; `id` is the upload index for new files or the id of a kept one. */
  attachments?: { id: string | number; filename?: string; description?: string }[];
  sticker_ids?: string[];
  poll?: unknown;
  /** Files uploaded with a multipart request. */
  files?: UploadedFile[];
  [field: string]: unknown;
}

const MAX_CONTENT_LENGTH = 2000;
const MAX_EMBEDS = 10;
const MAX_NONCE_LENGTH = 25;

/** Message flag set while an interaction's deferred response is "thinking". */
export const LOADING_FLAG = 1 << 7;

/** Returns Discord's 400 for a body it would refuse, else undefined. */
export function validateMessageBody(body: MessageBody, creating: boolean): Reply | undefined {
  if (typeof body.content === 'string' && body.content.length > MAX_CONTENT_LENGTH) {
    return invalidFormBody(
      'content',
      'BASE_TYPE_MAX_LENGTH',
      `Must be ${MAX_CONTENT_LENGTH} or fewer in length.`,
    );
  }
  if ((body.embeds?.length ?? 0) > MAX_EMBEDS) {
    return invalidFormBody('embeds', 'BASE_TYPE_MAX_LENGTH', `Must be ${MAX_EMBEDS} or fewer in length.`);
  }
  if (typeof body.nonce === 'string' && body.nonce.length > MAX_NONCE_LENGTH) {
    return invalidFormBody(
      'nonce',
      'BASE_TYPE_MAX_LENGTH',
      `Must be ${MAX_NONCE_LENGTH} or fewer in length.`,
    );
  }
  if (creating && isEmpty(body)) return apiError(400, 50006, 'Cannot send an empty message');
  return undefined;
}

function isEmpty(body: MessageBody): boolean {
  return (
    !body.content &&
    !body.embeds?.length &&
    !body.components?.length &&
    !body.files?.length &&
    !body.sticker_ids?.length &&
    body.poll === undefined
  );
}

/** What a new message is made of, besides its id. */
export interface MessageInit {
  channelId: string;
  author: APIUser;
  body: MessageBody;
  attachments: APIAttachment[];
  mentions: APIUser[];
  referenced?: APIMessage;
  /** Fields set as is, e.g. `webhook_id` or `interaction_metadata`. */
  extra?: Partial<APIMessage>;
}

/** Builds a message object the way Discord returns it. */
export function buildMessage(id: string, init: MessageInit): APIMessage {
  const { body } = init;
  return {
    id,
    channel_id: init.channelId,
    author: init.author,
    content: body.content ?? '',
    timestamp: new Date(snowflakeTime(id)).toISOString(),
    edited_timestamp: null,
    tts: body.tts ?? false,
    mention_everyone: false,
    mentions: init.mentions,
    mention_roles: [],
    attachments: init.attachments,
    embeds: richEmbeds(body.embeds),
    components: (body.components ?? []) as APIMessageTopLevelComponent[],
    pinned: false,
    type: init.referenced ? MessageType.Reply : MessageType.Default,
    flags: body.flags ?? 0,
    ...(body.nonce === undefined ? {} : { nonce: body.nonce }),
    ...(init.referenced
      ? {
          message_reference: {
            type: 0,
            message_id: init.referenced.id,
            channel_id: init.referenced.channel_id,
          },
          referenced_message: init.referenced,
        }
      : {}),
    ...init.extra,
  };
}

/** Applies an edit body to a message: only the fields present change. */
export function applyEdit(message: APIMessage, body: MessageBody, uploaded: APIAttachment[]): APIMessage {
  const kept = body.attachments
    ? message.attachments.filter((a) => body.attachments?.some((meta) => String(meta.id) === a.id))
    : message.attachments;
  return {
    ...message,
    ...(body.content === undefined ? {} : { content: body.content ?? '' }),
    ...(body.embeds === undefined ? {} : { embeds: richEmbeds(body.embeds) }),
    ...(body.components === undefined
      ? {}
      : { components: body.components as APIMessageTopLevelComponent[] }),
    ...(body.flags === undefined ? {} : { flags: body.flags }),
    attachments: [...kept, ...uploaded],
    edited_timestamp: new Date().toISOString(),
  };
}

function richEmbeds(embeds: unknown[] | undefined): APIEmbed[] {
  return (embeds ?? []).map((embed) => ({ type: 'rich', ...(embed as APIEmbed) }) as APIEmbed);
}

/** Turns uploaded files into attachment objects, using the body's attachment metadata. */
export function attachmentsFrom(
  body: MessageBody,
  ids: SnowflakeGenerator,
  urlBase: string,
): APIAttachment[] {
  return (body.files ?? []).map((file, index) => {
    const meta = body.attachments?.find((a) => String(a.id) === String(index));
    const id = ids.next();
    const filename = meta?.filename ?? file.filename;
    const url = `${urlBase}/attachments/${id}/${encodeURIComponent(filename)}`;
    return {
      id,
      filename,
      size: file.data.length,
      url,
      proxy_url: url,
      content_type: file.contentType,
      ...(meta?.description === undefined ? {} : { description: meta.description }),
    };
  });
}

/** The fixture users mentioned as `<@id>` or `<@!id>` in the content. */
export function mentionedUsers(content: string | undefined, directory: Directory): APIUser[] {
  const ids = new Set([...(content ?? '').matchAll(/<@!?(\d+)>/g)].map((match) => match[1] ?? ''));
  return [...ids].flatMap((id) => {
    const user = directory.user(id);
    return user ? [userObject(user)] : [];
  });
}

/** How long Discord remembers a nonce for `enforce_nonce` unless told otherwise: "the past few minutes". */
export const DEFAULT_NONCE_WINDOW_MS = 5 * 60_000;

/**
 * A message as Discord returns it when messages are fetched (GET): without
 * its `nonce`, which only the create response and the gateway event carry.
 */
export function asFetched(message: APIMessage): APIMessage {
  const { nonce: _nonce, ...rest } = message;
  return rest;
}

/** Every message of every channel, with nonce bookkeeping for `enforce_nonce`. */
export class MessageStore {
  readonly #channels = new Map<string, Map<string, APIMessage>>();
  readonly #channelOf = new Map<string, string>();
  readonly #nonces = new Map<string, string>();
  readonly #windowMs: number;

  /** `nonceWindowMs`: how long a nonce is remembered, measured on the fake's clock. */
  constructor(nonceWindowMs = DEFAULT_NONCE_WINDOW_MS) {
    this.#windowMs = nonceWindowMs;
  }

  /** Messages of a channel, oldest first. */
  list(channelId: string): APIMessage[] {
    return [...(this.#channels.get(channelId)?.values() ?? [])];
  }

  get(channelId: string, messageId: string): APIMessage | undefined {
    return this.#channels.get(channelId)?.get(messageId);
  }

  /** A message by id, whatever its channel. */
  find(messageId: string): APIMessage | undefined {
    const channelId = this.#channelOf.get(messageId);
    return channelId === undefined ? undefined : this.get(channelId, messageId);
  }

  /** The message created in the channel with this nonce within the dedup window before `now`, if any. */
  byNonce(channelId: string, nonce: string | number, now: number): APIMessage | undefined {
    const id = this.#nonces.get(`${channelId}:${nonce}`);
    if (id === undefined || now - snowflakeTime(id) > this.#windowMs) return undefined;
    return this.get(channelId, id);
  }

  /** Adds a message, or replaces the stored message with the same id. */
  put(message: APIMessage): void {
    let channel = this.#channels.get(message.channel_id);
    if (!channel) {
      channel = new Map();
      this.#channels.set(message.channel_id, channel);
    }
    channel.set(message.id, message);
    this.#channelOf.set(message.id, message.channel_id);
    if (message.nonce !== undefined) this.#nonces.set(`${message.channel_id}:${message.nonce}`, message.id);
  }

  delete(channelId: string, messageId: string): boolean {
    this.#channelOf.delete(messageId);
    return this.#channels.get(channelId)?.delete(messageId) ?? false;
  }
}
