import type { APIMessage } from 'discord-api-types/v10';
import { InteractionResponseType, InteractionType, MessageFlags, MessageType } from 'discord-api-types/v10';
import { type FakeContext, publishDelete, publishEdit, publishMessage } from './context.ts';
import { apiError, invalidFormBody, NO_CONTENT, ok, type Reply } from './http.ts';
import type { InteractionCallbackBody, InteractionRecord } from './interactions.ts';
import {
  applyEdit,
  attachmentsFrom,
  buildMessage,
  LOADING_FLAG,
  type MessageBody,
  mentionedUsers,
  validateMessageBody,
} from './messages.ts';
import type { RouteContext, Router } from './router.ts';

const R = InteractionResponseType;

/** The response types Discord accepts for each interaction type. */
const ALLOWED_RESPONSES: Readonly<Record<number, ReadonlySet<InteractionResponseType>>> = {
  [InteractionType.ApplicationCommand]: new Set([
    R.ChannelMessageWithSource,
    R.DeferredChannelMessageWithSource,
    R.Modal,
  ]),
  [InteractionType.MessageComponent]: new Set([
    R.ChannelMessageWithSource,
    R.DeferredChannelMessageWithSource,
    R.DeferredMessageUpdate,
    R.UpdateMessage,
    R.Modal,
  ]),
  [InteractionType.ApplicationCommandAutocomplete]: new Set([R.ApplicationCommandAutocompleteResult]),
  [InteractionType.ModalSubmit]: new Set([
    R.ChannelMessageWithSource,
    R.DeferredChannelMessageWithSource,
    R.DeferredMessageUpdate,
    R.UpdateMessage,
  ]),
};

const MAX_CHOICES = 25;
const MAX_MODAL_TITLE_LENGTH = 45;
const MAX_MODAL_COMPONENTS = 5;

/** Interaction callbacks and the interaction webhook (`@original` and follow-ups). */
export function registerInteractionRoutes(router: Router, context: FakeContext): void {
  const webhook = '/webhooks/:appId/:token';
  const webhookMessage = `${webhook}/messages/:messageId`;
  router
    .on('POST', '/interactions/:interactionId/:token/callback', (c) => callback(context, c))
    .on('POST', webhook, (c) => withWebhook(context, c, (record) => followUp(context, record, c)))
    .on('GET', webhookMessage, (c) => withWebhookMessage(context, c, (_record, message) => ok(message)))
    .on('PATCH', webhookMessage, (c) =>
      withWebhookMessage(context, c, (record, message) => editWebhookMessage(context, record, message, c)),
    )
    .on('DELETE', webhookMessage, (c) =>
      withWebhookMessage(context, c, (record, message) => deleteWebhookMessage(context, record, message)),
    );
}

function callback(context: FakeContext, c: RouteContext): Reply {
  const record = context.interactions.byId(c.param('interactionId'));
  if (!record || record.token !== c.param('token') || record.state === 'expired') {
    return apiError(404, 10062, 'Unknown interaction');
  }
  if (record.state === 'acknowledged')
    return apiError(400, 40060, 'Interaction has already been acknowledged.');
  const body = (c.request.body ?? {}) as InteractionCallbackBody;
  const invalid = validateCallback(record, body);
  if (invalid) return invalid;
  record.originalMessage = responseMessage(context, record, body);
  record.acknowledge(body);
  return c.request.query.with_response === 'true' ? ok(callbackResponse(record, body)) : NO_CONTENT;
}

function validateCallback(record: InteractionRecord, body: InteractionCallbackBody): Reply | undefined {
  const updatesMessage = body.type === R.DeferredMessageUpdate || body.type === R.UpdateMessage;
  if (!ALLOWED_RESPONSES[record.type]?.has(body.type) || (updatesMessage && !record.componentMessage)) {
    return invalidFormBody(
      'type',
      'INTERACTION_RESPONSE_TYPE_INVALID',
      `Invalid response type for this interaction`,
    );
  }
  const data = body.data ?? {};
  switch (body.type) {
    case R.ChannelMessageWithSource:
      return validateMessageBody(withFiles(body), true);
    case R.UpdateMessage:
      return validateMessageBody(withFiles(body), false);
    case R.ApplicationCommandAutocompleteResult:
      return (data.choices?.length ?? 0) > MAX_CHOICES
        ? invalidFormBody(
            'data.choices',
            'BASE_TYPE_MAX_LENGTH',
            `Must be ${MAX_CHOICES} or fewer in length.`,
          )
        : undefined;
    case R.Modal:
      return validateModal(data);
    default:
      return undefined;
  }
}

function validateModal(data: NonNullable<InteractionCallbackBody['data']>): Reply | undefined {
  if (!data.custom_id)
    return invalidFormBody('data.custom_id', 'BASE_TYPE_REQUIRED', 'This field is required');
  if (!data.title || data.title.length > MAX_MODAL_TITLE_LENGTH) {
    return invalidFormBody(
      'data.title',
      'BASE_TYPE_BAD_LENGTH',
      `Must be between 1 and ${MAX_MODAL_TITLE_LENGTH} in length.`,
    );
  }
  const count = data.components?.length ?? 0;
  if (count < 1 || count > MAX_MODAL_COMPONENTS) {
    return invalidFormBody(
      'data.components',
      'BASE_TYPE_BAD_LENGTH',
      `Must be between 1 and ${MAX_MODAL_COMPONENTS} in length.`,
    );
  }
  return undefined;
}

/** The callback's message data with the files uploaded next to it. */
function withFiles(body: InteractionCallbackBody): MessageBody {
  return { ...body.data, ...(body.files ? { files: body.files } : {}) };
}

/** The `@original` message a callback creates or designates, if any. */
function responseMessage(
  context: FakeContext,
  record: InteractionRecord,
  body: InteractionCallbackBody,
): APIMessage | undefined {
  const component = record.componentMessage;
  // The component's message as it is now, if it was edited since the interaction was sent.
  const current = component && (context.messages.get(component.channel_id, component.id) ?? component);
  switch (body.type) {
    case R.ChannelMessageWithSource:
      return createMessage(context, record, withFiles(body));
    case R.DeferredChannelMessageWithSource: {
      const ephemeral = (body.data?.flags ?? 0) & MessageFlags.Ephemeral;
      return createMessage(context, record, { content: '', flags: ephemeral | LOADING_FLAG });
    }
    case R.DeferredMessageUpdate:
      return current;
    case R.UpdateMessage:
      return current && editMessage(context, record, current, withFiles(body));
    default:
      return undefined;
  }
}

/** Creates an interaction response or follow-up; non-ephemeral ones appear in the channel. */
function createMessage(context: FakeContext, record: InteractionRecord, body: MessageBody): APIMessage {
  const guildId = record.where.guild.fixture.id;
  const message = buildMessage(context.ids.next(), {
    channelId: record.where.channel.id,
    author: context.directory.botUser,
    body,
    attachments: attachmentsFrom(body, context.ids, context.origin()),
    mentions: mentionedUsers(body.content, context.directory),
    extra: {
      type:
        record.type === InteractionType.ApplicationCommand
          ? MessageType.ChatInputCommand
          : MessageType.Default,
      webhook_id: context.applicationId,
      application_id: context.applicationId,
      interaction_metadata: {
        id: record.id,
        type: record.type,
        user: record.user,
        authorizing_integration_owners: { '0': guildId },
      } as NonNullable<APIMessage['interaction_metadata']>,
    },
  });
  if (((message.flags ?? 0) & MessageFlags.Ephemeral) === 0) publishMessage(context, record.where, message);
  return message;
}

/** Applies an edit; ends a deferred response's loading state; republishes channel messages. */
function editMessage(
  context: FakeContext,
  record: InteractionRecord,
  message: APIMessage,
  body: MessageBody,
): APIMessage {
  const edited = applyEdit(message, body, attachmentsFrom(body, context.ids, context.origin()));
  edited.flags = (edited.flags ?? 0) & ~LOADING_FLAG;
  if (context.messages.get(message.channel_id, message.id)) publishEdit(context, record.where, edited);
  return edited;
}

/** The `with_response=true` answer: the callback and the resource it produced. */
function callbackResponse(record: InteractionRecord, body: InteractionCallbackBody): object {
  const message = record.originalMessage;
  const flags = message?.flags ?? 0;
  return {
    interaction: {
      id: record.id,
      type: record.type,
      ...(message
        ? {
            response_message_id: message.id,
            response_message_loading: (flags & LOADING_FLAG) !== 0,
            response_message_ephemeral: (flags & MessageFlags.Ephemeral) !== 0,
          }
        : {}),
    },
    resource: { type: body.type, ...(message ? { message } : {}) },
  };
}

function withWebhook(
  context: FakeContext,
  c: RouteContext,
  handle: (record: InteractionRecord) => Reply,
): Reply {
  const record = context.interactions.byToken(c.param('token'));
  if (c.param('appId') !== context.applicationId || record?.state !== 'acknowledged') {
    return apiError(404, 10015, 'Unknown Webhook');
  }
  return handle(record);
}

function withWebhookMessage(
  context: FakeContext,
  c: RouteContext,
  handle: (record: InteractionRecord, message: APIMessage) => Reply,
): Reply {
  return withWebhook(context, c, (record) => {
    const id = c.param('messageId');
    const message = id === '@original' ? record.originalMessage : record.followupMessages.get(id);
    return message ? handle(record, message) : apiError(404, 10008, 'Unknown Message');
  });
}

function followUp(context: FakeContext, record: InteractionRecord, c: RouteContext): Reply {
  const body = (c.request.body ?? {}) as MessageBody;
  const invalid = validateMessageBody(body, true);
  if (invalid) return invalid;
  const message = createMessage(context, record, body);
  record.followupMessages.set(message.id, message);
  record.recordFollowup(body);
  return c.request.query.wait === 'true' ? ok(message) : NO_CONTENT;
}

function editWebhookMessage(
  context: FakeContext,
  record: InteractionRecord,
  message: APIMessage,
  c: RouteContext,
): Reply {
  const body = (c.request.body ?? {}) as MessageBody;
  const invalid = validateMessageBody(body, false);
  if (invalid) return invalid;
  const edited = editMessage(context, record, message, body);
  if (message === record.originalMessage) {
    record.originalMessage = edited;
    record.recordEdit(body);
  } else {
    record.followupMessages.set(edited.id, edited);
  }
  return ok(edited);
}

function deleteWebhookMessage(context: FakeContext, record: InteractionRecord, message: APIMessage): Reply {
  publishDelete(context, record.where, message.id);
  if (message === record.originalMessage) record.originalMessage = undefined;
  else record.followupMessages.delete(message.id);
  return NO_CONTENT;
}
