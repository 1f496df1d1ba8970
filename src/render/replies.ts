/**
 * Interaction replies, in the reader's language. Pure. Informational replies
 * and confirmations ping nobody (mentions are shown, `allowedMentions.users`
 * is empty); the only answer that pings is a declined swap request, updated by
 * the button (the asker: `render/swap-request.ts`).
 */
import type { RosterView } from '../app/listRoster.ts';
import type { MeetingView } from '../app/views.ts';
import type { MessageParams } from '../domain/errors.ts';
import {
  isCancelled,
  type Language,
  type Meeting,
  type Pause,
  type RosterMember,
  type Series,
  type SwapRequest,
} from '../domain/model.ts';
import type { MessageKey } from '../i18n/catalog.ts';
import {
  COLOR,
  lines,
  locationLine,
  presenterList,
  reasonLine,
  shownText,
  slotLines,
  statusText,
  type Translate,
  translator,
  when,
} from './parts.ts';
import {
  channelMention,
  isSnowflake,
  LIMITS,
  type MessagePayload,
  mention,
  packLines,
  payload,
  roleMention,
  truncateText,
  ts,
  ZWSP,
} from './payload.ts';

function meetingColor(meeting: Pick<Meeting, 'status'>): number {
  if (isCancelled(meeting)) return COLOR.muted;
  return meeting.status === 'postponed' ? COLOR.warning : COLOR.accent;
}

// ---------------------------------------------------------------------------
// Meetings, schedule, roster

/** `/meeting show`, `/topic list`: one meeting — time, status, link, presenters and titles. */
export function renderMeeting(view: MeetingView, lang: Language): MessagePayload {
  const tr = translator(lang);
  const { meeting, series } = view;
  const cancelled = isCancelled(meeting);
  const time = when(tr, meeting.startsAt);
  const reason = reasonLine(tr, meeting.reason);
  const description = lines(
    tr('reply.meeting.time', { when: cancelled ? `~~${time}~~` : time }),
    tr('reply.meeting.status', { status: statusText(tr, meeting) }),
    meeting.status === 'postponed' && tr('reply.meeting.plannedFor', { planned: ts(meeting.plannedAt, 'F') }),
    meeting.status !== 'scheduled' && reason,
    cancelled && tr('reply.meeting.cancelledNote'),
    !cancelled && locationLine(tr, series.link, false),
    !cancelled && '',
    !cancelled && tr('reply.meeting.presenters'),
    ...(cancelled ? [] : slotLines(tr, view)),
  );
  return payload({
    embeds: [
      {
        title: tr('reply.meeting.title', { series: shownText(series.name), date: view.date }),
        description,
        color: meetingColor(meeting),
      },
    ],
  });
}

function scheduleLine(tr: Translate, view: MeetingView): string {
  const { meeting } = view;
  const at = ts(meeting.startsAt, 'f');
  if (isCancelled(meeting)) {
    const status = statusText(tr, meeting);
    return meeting.reason === null || meeting.reason.trim() === ''
      ? tr('reply.schedule.lineCancelled', { when: at, status })
      : tr('reply.schedule.lineCancelledReason', {
          when: at,
          status,
          reason: shownText(meeting.reason, 120),
        });
  }
  const presenters = presenterList(tr, view);
  return meeting.status === 'postponed'
    ? tr('reply.schedule.linePostponed', { when: at, presenters })
    : tr('reply.schedule.line', { when: at, presenters });
}

/** `/meeting schedule`: one line per meeting; cancelled ones struck through with the reason; open slots marked. */
export function renderSchedule(views: readonly MeetingView[], lang: Language): MessagePayload {
  const tr = translator(lang);
  const first = views[0];
  const title = first
    ? tr('reply.schedule.title', { series: shownText(first.series.name) })
    : tr('reply.schedule.titleEmpty');
  if (views.length === 0) {
    return payload({ embeds: [{ title, description: tr('reply.schedule.empty'), color: COLOR.muted }] });
  }
  const footer = tr('reply.schedule.footer');
  const budget = LIMITS.embedTotal - truncateText(title, LIMITS.embedTitle).length - footer.length;
  const { description, fields } = packLines(
    [locationLine(tr, first!.series.link, false), '', ...views.map((v) => scheduleLine(tr, v))],
    budget,
    (count) => tr('reply.schedule.more', { count }),
  );
  return payload({
    embeds: [
      {
        title,
        description,
        ...(fields.length > 0 ? { fields } : {}),
        footer: { text: footer },
        color: COLOR.accent,
      },
    ],
  });
}

/** `/rotation list`: the roster in order, with groups and turns taken; long rosters end with "…and N more". */
export function renderRoster(view: RosterView, lang: Language): MessagePayload {
  const tr = translator(lang);
  const members = [...view.members].sort((a, b) => a.position - b.position);
  const title = tr('reply.roster.title', { series: shownText(view.series.name), count: members.length });
  if (members.length === 0) {
    return payload({ embeds: [{ title, description: tr('reply.roster.empty'), color: COLOR.muted }] });
  }
  const rows = members.map((m) =>
    [
      `\`${m.position}.\` ${isSnowflake(m.userId) ? mention(m.userId) : shownText(m.userId)}`,
      m.groupName !== null && m.groupName.trim() !== '' && shownText(m.groupName),
      tr('reply.roster.turns', { count: m.turnsTaken }),
      ...(m.away ?? []).map((p) =>
        p.reason === null || p.reason.trim() === ''
          ? tr('reply.roster.away', { from: p.fromDate, until: p.untilDate })
          : tr('reply.roster.awayReason', {
              from: p.fromDate,
              until: p.untilDate,
              reason: shownText(p.reason, 80),
            }),
      ),
    ]
      .filter((x): x is string => typeof x === 'string')
      .join(' · '),
  );
  const budget = LIMITS.embedTotal - truncateText(title, LIMITS.embedTitle).length;
  const { description, fields } = packLines(rows, budget, (count) => tr('reply.roster.more', { count }));
  return payload({
    embeds: [{ title, description, ...(fields.length > 0 ? { fields } : {}), color: COLOR.accent }],
  });
}

// ---------------------------------------------------------------------------
// Swaps (the request and its answered state are posts: `render/swap-request.ts`)

/** Ephemeral: to the asker, once the request is queued for the channel. */
export function renderSwapSent(request: SwapRequest, lang: Language): MessagePayload {
  return payload({
    content: translator(lang)('reply.swap.sent', {
      to: mention(request.toUserId),
      expires: ts(request.expiresAt, 'F'),
    }),
  });
}

/** Ephemeral: to the member (or organiser) who withdrew the request. */
export function renderSwapCancelled(
  outcome: { series: Series; request: SwapRequest },
  lang: Language,
): MessagePayload {
  return payload({
    content: translator(lang)('reply.swapCancelled', { to: mention(outcome.request.toUserId) }),
  });
}

/** Ephemeral: to the member who accepted. */
export function renderSwapAccepted(
  outcome: { series: Series; request: SwapRequest },
  lang: Language,
): MessagePayload {
  return payload({
    content: translator(lang)('reply.swapAccepted', { from: mention(outcome.request.fromUserId) }),
  });
}

/** Ephemeral: to the member who declined. */
export function renderSwapDeclined(
  outcome: { series: Series; request: SwapRequest },
  lang: Language,
): MessagePayload {
  return payload({
    content: translator(lang)('reply.swapDeclined', { from: mention(outcome.request.fromUserId) }),
  });
}

// ---------------------------------------------------------------------------
// Confirmations (ephemeral; they ping nobody)

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

const WEEKDAY_KEYS = [
  'weekday.1',
  'weekday.2',
  'weekday.3',
  'weekday.4',
  'weekday.5',
  'weekday.6',
  'weekday.7',
] as const satisfies readonly MessageKey[];

/** `/meeting setup`: created or updated, the rhythm, and the first meetings. */
export function renderSetup(
  result: { series: Series; created: boolean; mirrorEvents?: number },
  upcoming: readonly MeetingView[],
  lang: Language,
): MessagePayload {
  const tr = translator(lang);
  const { series } = result;
  const weekday = tr(WEEKDAY_KEYS[series.weekday - 1] ?? 'weekday.1');
  const head = {
    series: shownText(series.name),
    channel: channelMention(series.channelId),
  };
  const shown = upcoming.slice(0, 4);
  const noPresenters = shown.every((v) => v.slots.every((s) => s.userId === null));
  return payload({
    content: lines(
      tr(result.created ? 'reply.setup.created' : 'reply.setup.updated', head),
      tr(series.everyWeeks === 1 ? 'reply.setup.everyWeek' : 'reply.setup.everyNWeeks', {
        weeks: series.everyWeeks,
        weekday,
        time: `${pad2(series.hour)}:${pad2(series.minute)}`,
        timeZone: series.timeZone,
      }),
      tr('reply.setup.details', {
        presenters: series.presenters,
        minutes: series.durationMin,
        language: tr(series.language === 'zh-CN' ? 'language.zh-CN' : 'language.en'),
      }),
      locationLine(tr, series.link, true),
      isSnowflake(series.topicChannelId) &&
        tr('reply.setup.topic', { channel: channelMention(series.topicChannelId) }),
      result.mirrorEvents !== undefined &&
        (result.mirrorEvents === 0
          ? tr('reply.setup.eventsOff')
          : tr('reply.setup.events', { count: result.mirrorEvents })),
      '',
      shown.length > 0 ? tr('reply.setup.first') : tr('reply.setup.noMeetings'),
      ...shown.map((v) =>
        tr('reply.schedule.line', { when: ts(v.meeting.startsAt, 'f'), presenters: presenterList(tr, v) }),
      ),
      noPresenters && '',
      noPresenters && tr('reply.setup.addMembers'),
    ),
  });
}

/** `/meeting link`: the location as it will show. */
export function renderLocationSet(series: Series, lang: Language): MessagePayload {
  const tr = translator(lang);
  return payload({ content: lines(locationLine(tr, series.link, true), tr('reply.linkSet')) });
}

/** `/meeting postpone`: the meeting as it is now. */
export function renderPostponed(meeting: Meeting, series: Series, lang: Language): MessagePayload {
  const tr = translator(lang);
  return payload({
    content: lines(
      tr('reply.postponed', { when: when(tr, meeting.startsAt), planned: ts(meeting.plannedAt, 'F') }),
      reasonLine(tr, meeting.reason),
      tr('reply.noticePosted', { channel: channelMention(series.channelId) }),
    ),
  });
}

/** `/meeting skip`. */
export function renderSkipped(meeting: Meeting, series: Series, lang: Language): MessagePayload {
  const tr = translator(lang);
  return payload({
    content: lines(
      tr('reply.skipped', { at: ts(meeting.startsAt, 'F') }),
      reasonLine(tr, meeting.reason),
      tr('reply.noticePosted', { channel: channelMention(series.channelId) }),
    ),
  });
}

/** `/meeting pause`. */
export function renderPaused(pause: Pause, series: Series, lang: Language): MessagePayload {
  const tr = translator(lang);
  return payload({
    content: lines(
      tr('reply.paused', { from: pause.fromDate, until: pause.untilDate }),
      reasonLine(tr, pause.reason),
      tr('reply.noticePosted', { channel: channelMention(series.channelId) }),
    ),
  });
}

/** `/meeting resume`. */
export function renderResumed(
  result: { pause: Pause; nextMeetingAt: number | null },
  series: Series,
  lang: Language,
): MessagePayload {
  const tr = translator(lang);
  return payload({
    content: lines(
      tr('reply.resumed', { from: result.pause.fromDate, until: result.pause.untilDate }),
      result.nextMeetingAt === null
        ? tr('reply.resumed.noNext')
        : tr('reply.resumed.next', { when: when(tr, result.nextMeetingAt) }),
      tr('reply.noticePosted', { channel: channelMention(series.channelId) }),
    ),
  });
}

/** `/rotation add`. */
export function renderMemberAdded(member: RosterMember, lang: Language): MessagePayload {
  const tr = translator(lang);
  return payload({
    content: lines(
      tr('reply.memberAdded', { user: mention(member.userId), position: member.position }),
      member.groupName !== null && tr('reply.memberGroup', { group: shownText(member.groupName) }),
    ),
  });
}

/** `/rotation remove`. */
export function renderMemberRemoved(removed: { userId: string }, lang: Language): MessagePayload {
  return payload({ content: translator(lang)('reply.memberRemoved', { user: mention(removed.userId) }) });
}

/** `/rotation move`. */
export function renderMemberMoved(member: RosterMember, lang: Language): MessagePayload {
  return payload({
    content: translator(lang)('reply.memberMoved', {
      user: mention(member.userId),
      position: member.position,
    }),
  });
}

/** `/slot claim` and the Claim button. */
export function renderClaimed(view: MeetingView, lang: Language): MessagePayload {
  const tr = translator(lang);
  return payload({ content: tr('reply.claimed', { when: when(tr, view.meeting.startsAt) }) });
}

/** `/slot release`. */
export function renderReleased(view: MeetingView, lang: Language): MessagePayload {
  const tr = translator(lang);
  return payload({ content: tr('reply.released', { when: when(tr, view.meeting.startsAt) }) });
}

/** `/slot assign`. */
export function renderAssigned(view: MeetingView, userId: string, lang: Language): MessagePayload {
  const tr = translator(lang);
  return payload({
    content: lines(
      tr('reply.assigned', { user: mention(userId), when: when(tr, view.meeting.startsAt) }),
      tr('reply.assigned.presenters', { presenters: presenterList(tr, view) }),
    ),
  });
}

/** `/topic set` and a title taken from the topic channel. */
export function renderTitleSet(view: MeetingView & { title: string }, lang: Language): MessagePayload {
  const tr = translator(lang);
  return payload({
    content: tr('reply.titleSet', { when: ts(view.meeting.startsAt, 'F'), title: shownText(view.title) }),
  });
}

/** Setting or clearing the guild's organiser role. */
export function renderOrganiserRole(result: { roleId: string | null }, lang: Language): MessagePayload {
  const tr = translator(lang);
  return payload({
    content: isSnowflake(result.roleId)
      ? tr('reply.organiserRole.set', { role: roleMention(result.roleId) })
      : tr('reply.organiserRole.cleared'),
  });
}

// ---------------------------------------------------------------------------
// Errors

const SWAP_STATUS_KEYS: Record<SwapRequest['status'], MessageKey> = {
  pending: 'swapStatus.pending',
  accepted: 'swapStatus.accepted',
  declined: 'swapStatus.declined',
  expired: 'swapStatus.expired',
  cancelled: 'swapStatus.cancelled',
};

/**
 * A parameter shown inside an error message (often inside a code span): no
 * backticks to break out of it, no live mention, bounded. Ids stay as they are.
 */
function errorParam(value: string | number): string | number {
  if (typeof value === 'number') return value;
  return truncateText(value.replace(/[\r\n]+/g, ' ').replace(/`/g, "'"), 100)
    .replace(/@/g, `@${ZWSP}`)
    .replace(/</g, `<${ZWSP}`);
}

/** A `UserError` (or the generic failure) as a short ephemeral reply in the reader's language. */
export function renderError(key: MessageKey, params: MessageParams, lang: Language): MessagePayload {
  const tr = translator(lang);
  const shown: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(params)) {
    if (name === 'status' && typeof value === 'string' && Object.hasOwn(SWAP_STATUS_KEYS, value)) {
      shown[name] = tr(SWAP_STATUS_KEYS[value as SwapRequest['status']]);
    } else if (name === 'user') shown[name] = isSnowflake(String(value)) ? String(value) : ZWSP;
    else shown[name] = errorParam(value);
  }
  return payload({ content: tr(key, shown) });
}
