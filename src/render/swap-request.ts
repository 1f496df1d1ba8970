/**
 * The swap request post, in the series' language: the ask with Accept /
 * Decline / Withdraw buttons while it is pending, and the same message once
 * answered, expired or withdrawn, without buttons. Pure.
 */
import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import type { Series, SwapRequest } from '../domain/model.ts';
import { encodeCustomId } from './custom-ids.ts';
import { lines, shownText, translator, when } from './parts.ts';
import { type MessagePayload, mention, payload, ts } from './payload.ts';

/** What the request post shows: who asks whom, for which meetings (`toAt` null: a hand-over), until when. */
export interface SwapAsk {
  id: number;
  fromUserId: string;
  toUserId: string;
  fromAt: number;
  toAt: number | null;
  expiresAt: number;
}

function button(label: string, customId: string, style: ButtonStyle.Success | ButtonStyle.Secondary) {
  return { type: ComponentType.Button as const, style, label, custom_id: customId };
}

/** The pending request: pings the asked member only, with Accept / Decline (theirs) and Withdraw (the asker's). */
export function renderSwapRequest(ask: SwapAsk, series: Series): MessagePayload {
  const tr = translator(series.language);
  const from = mention(ask.fromUserId);
  const to = mention(ask.toUserId);
  const text =
    ask.toAt === null
      ? tr('reply.swap.askHandOver', { from, to, fromAt: when(tr, ask.fromAt) })
      : tr('reply.swap.ask', { from, to, fromAt: ts(ask.fromAt, 'F'), toAt: ts(ask.toAt, 'F') });
  return payload({
    content: lines(
      text,
      tr('reply.swap.series', { series: shownText(series.name) }),
      tr('reply.swap.expires', { expires: ts(ask.expiresAt, 'F') }),
    ),
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          button(
            tr('button.accept'),
            encodeCustomId({ kind: 'swap-accept', swapId: ask.id }),
            ButtonStyle.Success,
          ),
          button(
            tr('button.decline'),
            encodeCustomId({ kind: 'swap-decline', swapId: ask.id }),
            ButtonStyle.Secondary,
          ),
          button(
            tr('button.withdraw'),
            encodeCustomId({ kind: 'swap-withdraw', swapId: ask.id }),
            ButtonStyle.Secondary,
          ),
        ],
      },
    ],
    users: [ask.toUserId],
  });
}

/**
 * The request message once answered (accepted, declined, expired or withdrawn):
 * the buttons are gone. A declined answer pings the asker; the others ping
 * nobody (an accepted swap is announced by the swap notice, which pings both).
 */
export function renderSwapAnswer(request: SwapRequest, series: Series): MessagePayload {
  const tr = translator(series.language);
  const params = {
    from: mention(request.fromUserId),
    to: mention(request.toUserId),
    series: shownText(series.name),
  };
  const content: Record<SwapRequest['status'], string> = {
    pending: tr('reply.swap.pending', params),
    accepted: tr(
      request.toMeetingId === null ? 'reply.swap.acceptedHandOver' : 'reply.swap.accepted',
      params,
    ),
    declined: tr('reply.swap.declined', params),
    expired: tr('reply.swap.expired', params),
    cancelled: tr('reply.swap.withdrawn', params),
  };
  return payload({
    content: content[request.status],
    components: [],
    users: request.status === 'declined' ? [request.fromUserId] : [],
  });
}
