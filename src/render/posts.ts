/**
 * Channel posts: reminders, change notices and delivery alerts, in the
 * series' language. Pure: everything comes in as `PostInput`. A post's `data`
 * is what the outbox stored for it; it is decoded once: a notice's into its
 * variant of `Notice` (domain/notices.ts), a swap request's or an alert's into
 * its `PostData` shape (domain/post-data.ts), the types the queuing code wrote.
 *
 * Who is pinged (`allowedMentions.users`), and nobody else:
 * - title request: the meeting's presenters; title nudge: those without a title
 *   (and the organiser role, when one is set);
 * - agenda: the presenters; follow-up: nobody (mentions are shown, not pinged);
 * - notices: the users whose slot changed — postpone: the meeting's presenters;
 *   skip: the presenters who move on; resume: the next meeting's presenters;
 *   swap: both members; release, claim: that member; assign: the assigned member
 *   and the one replaced; pause: nobody;
 * - delivery alert, scheduled-event mirror alert: the organiser role when set, else nobody.
 */
import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import type { MeetingView } from '../app/views.ts';
import type { Series } from '../domain/model.ts';
import {
  decodeNotice,
  type Notice,
  type NoticeKind,
  type NoticeOf,
  noticeKindOf,
} from '../domain/notices.ts';
import {
  decodePostData,
  type FailedAlertData,
  type MirrorAlertData,
  type PostData,
  type PostDataKind,
  postDataKindOf,
  type SwapRequestData,
} from '../domain/post-data.ts';
import { meetingEnd, titleDeadline } from '../domain/reminders.ts';
import type { MessageKey } from '../i18n/catalog.ts';
import { encodeCustomId } from './custom-ids.ts';
import {
  COLOR,
  joinList,
  lines,
  locationLine,
  mentions,
  presenterIds,
  presenterList,
  reasonLine,
  shownText,
  slotLines,
  type Translate,
  translator,
  when,
} from './parts.ts';
import {
  channelMention,
  isSnowflake,
  type MessagePayload,
  mention,
  payload,
  roleMention,
  safeMultiline,
  ts,
} from './payload.ts';
import { renderSwapRequest } from './swap-request.ts';

/** The post an `alert:failed` is about: its stored data (domain/post-data.ts). */
export type PostFailure = FailedAlertData;

export interface PostInput {
  kind: string;
  series: Series;
  /** The meeting the post is about, if any. */
  meeting: MeetingView | null;
  /** The next held meeting after it (follow-up, skip, resume). */
  next: MeetingView | null;
  /** The post's stored data, as stored (decoded here): a notice's `Notice` fields, else its `PostData`. */
  data: unknown;
  organiserRoleId: string | null;
  /** For `alert:failed`: the post that could not be delivered (else read from `data`); decoded here too. */
  failure?: PostFailure;
}

interface Ctx {
  tr: Translate;
  series: Series;
  seriesName: string;
  input: PostInput;
}

function requireMeeting(input: PostInput): MeetingView {
  if (input.meeting === null) throw new Error(`renderPost: a ${input.kind} post needs its meeting`);
  return input.meeting;
}

/**
 * Who an organiser post addresses: the organiser role set by an organiser, and
 * only that role (never `@everyone`, whose id is the guild's), else "Organisers"
 * as plain text.
 */
function organisers(c: Ctx): { text: string; roles: string[] } {
  const role = c.input.organiserRoleId;
  return isSnowflake(role) && role !== c.series.guildId
    ? { text: roleMention(role), roles: [role] }
    : { text: c.tr('common.organisers'), roles: [] };
}

function nextMeetingLine(c: Ctx): string {
  const next = c.input.next;
  return next === null
    ? c.tr('post.noNextMeeting')
    : c.tr('post.nextMeeting', {
        when: when(c.tr, next.meeting.startsAt),
        presenters: presenterList(c.tr, next),
      });
}

// ---------------------------------------------------------------------------
// Reminders

function titleRequest(c: Ctx): MessagePayload {
  const view = requireMeeting(c.input);
  const ids = presenterIds(view);
  const open = view.slots.filter((s) => s.userId === null).length;
  const topic = c.series.topicChannelId;
  return payload({
    content: lines(
      mentions(ids),
      c.tr('post.titleRequest.head', { series: c.seriesName, when: when(c.tr, view.meeting.startsAt) }),
      c.tr('post.titleRequest.ask', { deadline: when(c.tr, titleDeadline(c.series, view.meeting)) }),
      isSnowflake(topic)
        ? c.tr('post.titleRequest.howBoth', { channel: channelMention(topic) })
        : c.tr('post.titleRequest.howCommand'),
      '',
      c.tr('post.lineup'),
      ...slotLines(c.tr, view),
      open > 0 && c.tr('post.openSlots', { count: open }),
    ),
    users: ids,
  });
}

function titleNudge(c: Ctx): MessagePayload {
  const view = requireMeeting(c.input);
  const missing = presenterIds({
    slots: view.slots.filter((s) => s.title === null || s.title.trim() === ''),
  });
  const at = when(c.tr, view.meeting.startsAt);
  if (missing.length === 0) {
    return payload({ content: c.tr('post.titleNudge.allIn', { series: c.seriesName, when: at }) });
  }
  const org = organisers(c);
  return payload({
    content: lines(
      mentions(missing),
      c.tr('post.titleNudge.head', { series: c.seriesName, when: at }),
      c.tr('post.titleNudge.organisers', { organisers: org.text, count: missing.length }),
    ),
    users: missing,
    roles: org.roles,
  });
}

function agenda(c: Ctx): MessagePayload {
  const view = requireMeeting(c.input);
  const { meeting } = view;
  const ids = presenterIds(view);
  const description = lines(
    c.tr('post.agenda.time', {
      when: when(c.tr, meeting.startsAt),
      end: ts(meetingEnd(c.series, meeting), 't'),
    }),
    meeting.status === 'postponed' && c.tr('post.agenda.moved', { planned: ts(meeting.plannedAt, 'F') }),
    meeting.status === 'postponed' && reasonLine(c.tr, meeting.reason),
    locationLine(c.tr, c.series.link, false),
    '',
    c.tr('post.agenda.talks'),
    ...slotLines(c.tr, view),
    '',
    c.tr('post.agenda.discussion'),
  );
  return payload({
    content: lines(
      mentions(ids),
      c.tr('post.agenda.head', { series: c.seriesName, relative: ts(meeting.startsAt, 'R') }),
    ),
    embeds: [
      {
        title: c.tr('post.agenda.title', { series: c.seriesName }),
        description,
        color: COLOR.accent,
        timestamp: new Date(meeting.startsAt).toISOString(),
      },
    ],
    users: ids,
  });
}

function followUp(c: Ctx): MessagePayload {
  const view = requireMeeting(c.input);
  const ids = presenterIds(view);
  return payload({
    content: lines(
      ids.length > 0
        ? c.tr('post.followUp.thanks', { series: c.seriesName, presenters: joinList(c.tr, ids.map(mention)) })
        : c.tr('post.followUp.thanksAll', { series: c.seriesName }),
      c.tr('post.followUp.minutes'),
      nextMeetingLine(c),
    ),
    components: [
      oneButton(
        c.tr('button.addMinutes'),
        encodeCustomId({ kind: 'minutes-form', meetingId: view.meeting.id }),
        ButtonStyle.Secondary,
      ),
    ],
    users: [],
  });
}

function oneButton(label: string, customId: string, style: ButtonStyle.Primary | ButtonStyle.Secondary) {
  return {
    type: ComponentType.ActionRow as const,
    components: [{ type: ComponentType.Button as const, style, label, custom_id: customId }],
  };
}

/** A summary was written: shown in full (markdown kept, mentions defused), pinging nobody. */
function minutes(c: Ctx, n: NoticeOf<'minutes'>): MessagePayload {
  const view = requireMeeting(c.input);
  return payload({
    content: c.tr(n.edited ? 'post.minutes.edited' : 'post.minutes.head', {
      user: mention(n.author),
      series: c.seriesName,
      at: ts(view.meeting.startsAt, 'D'),
    }),
    embeds: [{ description: safeMultiline(n.body), color: COLOR.accent }],
    users: [],
  });
}

// ---------------------------------------------------------------------------
// Change notices

/** The instant a notice is about: its own, else the meeting's start. */
function instant(c: Ctx, at: number | null): number | null {
  return at ?? c.input.meeting?.meeting.startsAt ?? null;
}

function postpone(c: Ctx, n: NoticeOf<'postpone'>): MessagePayload {
  const view = c.input.meeting;
  const from = n.from ?? view?.meeting.plannedAt ?? null;
  const to = n.to ?? view?.meeting.startsAt ?? null;
  if (from === null || to === null) throw new Error('renderPost: notice:postpone needs from and to');
  const ids = view === null ? [] : presenterIds(view);
  return payload({
    content: lines(
      c.tr('post.postpone.body', { series: c.seriesName, from: ts(from, 'F'), to: when(c.tr, to) }),
      reasonLine(c.tr, n.reason),
      view !== null && c.tr('post.postpone.presenters', { presenters: presenterList(c.tr, view) }),
    ),
    users: ids,
  });
}

function skip(c: Ctx, n: NoticeOf<'skip'>): MessagePayload {
  const at = instant(c, n.at);
  if (at === null) throw new Error('renderPost: notice:skip needs at');
  const moved = n.presenters;
  const next = c.input.next;
  const list = joinList(c.tr, moved.map(mention));
  return payload({
    content: lines(
      c.tr('post.skip.body', { series: c.seriesName, at: ts(at, 'F') }),
      reasonLine(c.tr, n.reason),
      moved.length > 0 &&
        (next === null
          ? c.tr('post.skip.moveLater', { presenters: list })
          : c.tr('post.skip.moveNext', { presenters: list, when: when(c.tr, next.meeting.startsAt) })),
    ),
    users: moved,
  });
}

function pause(c: Ctx, n: NoticeOf<'pause'>): MessagePayload {
  return payload({
    content: lines(
      c.tr('post.pause.body', {
        series: c.seriesName,
        from: shownText(n.from ?? '?'),
        until: shownText(n.until ?? '?'),
      }),
      reasonLine(c.tr, n.reason),
      n.cancelled.length > 0
        ? c.tr('post.pause.cancelled', {
            dates: joinList(
              c.tr,
              n.cancelled.map((x) => ts(x, 'D')),
            ),
          })
        : c.tr('post.pause.noneCancelled'),
      c.tr('post.pause.turns'),
    ),
    users: [],
  });
}

function resume(c: Ctx, n: NoticeOf<'resume'>): MessagePayload {
  const next = c.input.next;
  return payload({
    content: lines(
      c.tr('post.resume.body', {
        series: c.seriesName,
        from: shownText(n.from ?? '?'),
        until: shownText(n.until ?? '?'),
      }),
      nextMeetingLine(c),
    ),
    users: next === null ? [] : presenterIds(next),
  });
}

function swap(c: Ctx, n: NoticeOf<'swap'>): MessagePayload {
  const { a, b, bAt } = n;
  const aAt = instant(c, n.aAt);
  if (aAt === null) throw new Error('renderPost: notice:swap needs a, b and aAt');
  return payload({
    content:
      bAt === null
        ? c.tr('post.swap.handedOver', { a: mention(a), b: mention(b), aAt: ts(aAt, 'F') })
        : c.tr('post.swap.exchanged', { a: mention(a), b: mention(b), aAt: ts(aAt, 'F'), bAt: ts(bAt, 'F') }),
    users: [a, b],
  });
}

function release(c: Ctx, n: NoticeOf<'release'>): MessagePayload {
  const who = n.user;
  const at = instant(c, n.at);
  if (at === null) throw new Error('renderPost: notice:release needs at');
  const view = c.input.meeting;
  const meetingId = view?.meeting.id;
  // Once the meeting has no open slot left (claimed or assigned), the call says so and loses its button.
  const filled = view !== null && !view.slots.some((s) => s.userId === null);
  const whoText = who === null ? c.tr('post.release.someone') : mention(who);
  return payload({
    content: lines(
      c.tr('post.release.body', { user: whoText, at: when(c.tr, at) }),
      filled
        ? c.tr('post.release.filled')
        : c.tr(meetingId === undefined ? 'post.release.howCommand' : 'post.release.how'),
      who !== null && c.tr('post.release.keepsTurn', { user: whoText }),
    ),
    components:
      meetingId === undefined || filled
        ? []
        : [
            {
              type: ComponentType.ActionRow,
              components: [
                {
                  type: ComponentType.Button,
                  style: ButtonStyle.Primary,
                  label: c.tr('button.claim'),
                  custom_id: encodeCustomId({ kind: 'claim', meetingId }),
                },
              ],
            },
          ],
    users: who === null ? [] : [who],
  });
}

/** The swap request, from what `requestSwap` queued; once it is answered, `render/swap-request.ts` shows the outcome. */
function swapRequest(c: Ctx, d: SwapRequestData): MessagePayload {
  const fromAt = d.fromAt ?? c.input.meeting?.meeting.startsAt ?? null;
  if (fromAt === null) throw new Error(`renderPost: swap:request needs ${DATA_NEEDS['swap:request']}`);
  return renderSwapRequest(
    { id: d.swapId, fromUserId: d.from, toUserId: d.to, fromAt, toAt: d.toAt, expiresAt: d.expiresAt },
    c.series,
  );
}

function claim(c: Ctx, n: NoticeOf<'claim'>): MessagePayload {
  const at = instant(c, n.at);
  if (at === null) throw new Error('renderPost: notice:claim needs at and user');
  return payload({
    content: c.tr('post.claim.body', { user: mention(n.user), at: ts(at, 'F') }),
    users: [n.user],
  });
}

function assign(c: Ctx, n: NoticeOf<'assign'>): MessagePayload {
  const { user: who, replaced } = n;
  const at = instant(c, n.at);
  if (at === null) throw new Error('renderPost: notice:assign needs at and user');
  return payload({
    content: lines(
      c.tr('post.assign.body', { user: mention(who), at: ts(at, 'F') }),
      replaced !== null && replaced !== who && c.tr('post.assign.replaced', { user: mention(replaced) }),
    ),
    users: replaced === null ? [who] : [who, replaced],
  });
}

/** A member is away (`/me away`): the dates, and the meetings that go on without them. Pings nobody. */
function away(c: Ctx, n: NoticeOf<'away'>): MessagePayload {
  return payload({
    content: lines(
      c.tr('post.away.body', {
        user: mention(n.user),
        series: c.seriesName,
        from: shownText(n.from ?? '?'),
        until: shownText(n.until ?? '?'),
      }),
      reasonLine(c.tr, n.reason),
      n.replanned.length > 0 &&
        c.tr('post.away.replanned', {
          dates: joinList(
            c.tr,
            n.replanned.map((x) => ts(x, 'D')),
          ),
        }),
      c.tr('post.away.turns'),
    ),
    users: [],
  });
}

/** A member is back early, or will not be away after all (`/me back`). Pings nobody. */
function back(c: Ctx, n: NoticeOf<'back'>): MessagePayload {
  return payload({
    content: c.tr(n.cancelled ? 'post.back.cancelled' : 'post.back.ended', {
      user: mention(n.user),
      series: c.seriesName,
      from: shownText(n.from ?? '?'),
      until: shownText(n.until ?? '?'),
      back: shownText(n.back ?? '?'),
    }),
    users: [],
  });
}

/** A change notice, by its kind: the switch covers every variant (the compiler checks it). */
function notice(c: Ctx, n: Notice): MessagePayload {
  switch (n.kind) {
    case 'postpone':
      return postpone(c, n);
    case 'skip':
      return skip(c, n);
    case 'pause':
      return pause(c, n);
    case 'resume':
      return resume(c, n);
    case 'swap':
      return swap(c, n);
    case 'release':
      return release(c, n);
    case 'claim':
      return claim(c, n);
    case 'assign':
      return assign(c, n);
    case 'minutes':
      return minutes(c, n);
    case 'away':
      return away(c, n);
    case 'back':
      return back(c, n);
  }
}

/** What a stored notice must have to be shown at all (said when its data lacks it). */
const NOTICE_NEEDS: Record<NoticeKind, string> = {
  postpone: 'from and to',
  skip: 'at',
  pause: 'from and until',
  resume: 'from and until',
  swap: 'a, b and aAt',
  release: 'at',
  claim: 'at and user',
  assign: 'at and user',
  minutes: 'author and body',
  away: 'user',
  back: 'user',
};

// ---------------------------------------------------------------------------
// Delivery alert

const KIND_LABEL: Record<string, MessageKey> = {
  title_request: 'kind.title_request',
  title_nudge: 'kind.title_nudge',
  agenda: 'kind.agenda',
  follow_up: 'kind.follow_up',
};

function kindLabel(tr: Translate, kind: string): string {
  const key = KIND_LABEL[kind];
  if (key !== undefined) return tr(key);
  if (kind.startsWith('notice:')) return tr('kind.notice');
  if (kind.startsWith('alert:')) return tr('kind.alert');
  if (kind === 'swap:request') return tr('kind.swapRequest');
  return shownText(kind);
}

function failed(c: Ctx, failure: FailedAlertData): MessagePayload {
  const org = organisers(c);
  const error = failure.error?.trim() ? failure.error : '?';
  return payload({
    content: lines(
      c.tr('post.alert.head', { organisers: org.text, attempts: failure.attempts }),
      c.tr('post.alert.which', {
        kind: kindLabel(c.tr, failure.kind),
        series: c.seriesName,
        due: ts(failure.dueAt, 'F'),
      }),
      c.tr('post.alert.error', { error: shownText(error, 500) }),
      c.tr('post.alert.check', { channel: channelMention(c.series.channelId) }),
    ),
    roles: org.roles,
  });
}

/** The scheduled-event mirror fails for good: said once per episode (see `scheduler/deliver-mirror.ts`). */
function mirrorFailed(c: Ctx, d: MirrorAlertData): MessagePayload {
  const org = organisers(c);
  const error = d.error?.trim() || '?';
  return payload({
    content: lines(
      c.tr('post.mirror.head', { organisers: org.text, series: c.seriesName }),
      c.tr('post.alert.error', { error: shownText(error, 300) }),
      c.tr(d.permission ? 'post.mirror.permission' : 'post.mirror.other'),
      c.tr('post.mirror.once'),
    ),
    roles: org.roles,
  });
}

// ---------------------------------------------------------------------------

/** The posts without data (reminders), by kind. */
const RENDERERS: Record<string, (c: Ctx) => MessagePayload> = {
  title_request: titleRequest,
  title_nudge: titleNudge,
  agenda,
  follow_up: followUp,
};

/** The posts with a `PostData` shape, by kind: each renderer gets its kind's decoded data. */
const DATA_RENDERERS: { [K in PostDataKind]: (c: Ctx, data: PostData[K]) => MessagePayload } = {
  'swap:request': swapRequest,
  'alert:failed': failed,
  'alert:mirror': mirrorFailed,
};

/** What such a post's stored data must have to be shown at all (said when it lacks it). */
const DATA_NEEDS: Record<PostDataKind, string> = {
  'swap:request': 'swapId, from, to, fromAt and expiresAt',
  'alert:failed': 'the failure (kind, attempts and dueAt)',
  'alert:mirror': 'nothing',
};

function withData<K extends PostDataKind>(c: Ctx, kind: K): MessagePayload {
  const stored = kind === 'alert:failed' ? (c.input.failure ?? c.input.data) : c.input.data;
  const data = decodePostData(kind, stored);
  if (data === null) throw new Error(`renderPost: ${kind} needs ${DATA_NEEDS[kind]}`);
  return DATA_RENDERERS[kind](c, data);
}

/**
 * A channel post in the series' language, within Discord's limits. Throws on an
 * unknown kind or when the input lacks what the kind needs (a programming error,
 * never user input).
 */
export function renderPost(input: PostInput): MessagePayload {
  const c: Ctx = {
    tr: translator(input.series.language),
    series: input.series,
    seriesName: shownText(input.series.name),
    input,
  };
  // A notice's stored data is read once, here, into its variant of the union.
  const kind = noticeKindOf(input.kind);
  if (kind !== null) {
    const n = decodeNotice(input.kind, input.data);
    if (n === null) throw new Error(`renderPost: ${input.kind} needs ${NOTICE_NEEDS[kind]}`);
    return notice(c, n);
  }
  // So is the data of a swap request or an alert, into its `PostData` shape.
  const dataKind = postDataKindOf(input.kind);
  if (dataKind !== null) return withData(c, dataKind);
  const render = RENDERERS[input.kind];
  if (render === undefined) throw new Error(`renderPost: unknown post kind ${input.kind}`);
  return render(c);
}
