import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import type { Language, Pause, RosterMember, SwapRequest } from '../../src/domain/model.ts';
import { t } from '../../src/i18n/catalog.ts';
import { parseCustomId } from '../../src/render/custom-ids.ts';
import type { MessagePayload } from '../../src/render/payload.ts';
import {
  renderAssigned,
  renderClaimed,
  renderError,
  renderLocationSet,
  renderMeeting,
  renderMemberAdded,
  renderMemberMoved,
  renderMemberRemoved,
  renderOrganiserRole,
  renderPaused,
  renderPostponed,
  renderReleased,
  renderResumed,
  renderRoster,
  renderSchedule,
  renderSetup,
  renderSkipped,
  renderSwapAccepted,
  renderSwapDeclined,
  renderTitleSet,
} from '../../src/render/replies.ts';
import { renderSwapAnswer, renderSwapRequest } from '../../src/render/swap-request.ts';
import { expectNoPlaceholders, expectWithinLimits, joined, LIVE_INJECTED } from './check.ts';
import {
  ALICE,
  BOB,
  CAROL,
  CHANNEL,
  LANGUAGES,
  meeting,
  NEXT_START,
  ROLE,
  roster,
  START,
  START_UNIX,
  series,
  view,
} from './fixtures.ts';

const EVIL = '@everyone <@&123> <@456> <#789> **x**';

function swap(overrides: Partial<SwapRequest> = {}): SwapRequest {
  return {
    id: 42,
    seriesId: 1,
    fromUserId: ALICE,
    fromMeetingId: 7,
    toUserId: CAROL,
    toMeetingId: 8,
    status: 'pending',
    expiresAt: START - 86_400_000,
    createdAt: START - 5 * 86_400_000,
    ...overrides,
  };
}

const member: RosterMember = {
  id: 3,
  seriesId: 1,
  userId: CAROL,
  groupName: 'MM',
  position: 4,
  turnsBase: 0,
  frontAtTurns: null,
};

const pause: Pause = {
  id: 1,
  seriesId: 1,
  fromDate: '2024-12-01',
  untilDate: '2025-01-01',
  reason: EVIL,
  endedAt: null,
};

/** Every ephemeral confirmation, in one language. */
function confirmations(lang: Language): Record<string, MessagePayload> {
  const s = series({ language: 'en' });
  const m = view(s, meeting(), [
    [ALICE, 'Talk'],
    [BOB, null],
  ]);
  const n = view(s, meeting({ id: 8, startsAt: NEXT_START, plannedAt: NEXT_START }), [[CAROL, null]]);
  const outcome = { series: s, request: swap({ status: 'accepted' }) };
  return {
    setupCreated: renderSetup({ series: s, created: true }, [m, n], lang),
    setupUpdated: renderSetup({ series: series({ everyWeeks: 1, link: null }), created: false }, [], lang),
    linkSet: renderLocationSet(s, lang),
    postponed: renderPostponed(
      meeting({ status: 'postponed', startsAt: START + 86_400_000, reason: EVIL }),
      s,
      lang,
    ),
    skipped: renderSkipped(meeting({ status: 'skipped', reason: EVIL }), s, lang),
    paused: renderPaused(pause, s, lang),
    resumed: renderResumed({ pause, nextMeetingAt: NEXT_START }, s, lang),
    resumedNoNext: renderResumed({ pause, nextMeetingAt: null }, s, lang),
    memberAdded: renderMemberAdded(member, lang),
    memberRemoved: renderMemberRemoved({ userId: CAROL }, lang),
    memberMoved: renderMemberMoved(member, lang),
    claimed: renderClaimed(m, lang),
    released: renderReleased(m, lang),
    assigned: renderAssigned(m, BOB, lang),
    titleSet: renderTitleSet({ ...m, title: EVIL }, lang),
    swapAccepted: renderSwapAccepted(outcome, lang),
    swapDeclined: renderSwapDeclined(outcome, lang),
    organiserRole: renderOrganiserRole({ roleId: ROLE }, lang),
    organiserRoleCleared: renderOrganiserRole({ roleId: null }, lang),
    meeting: renderMeeting(m, lang),
    schedule: renderSchedule([m, n], lang),
    roster: renderRoster(roster(s, 5), lang),
    error: renderError('error.roster.notMember', { user: CAROL }, lang),
  };
}

describe('confirmations and informational replies', () => {
  for (const lang of LANGUAGES) {
    it(`ping nobody, fit, and fill every placeholder (${lang})`, () => {
      for (const [name, p] of Object.entries(confirmations(lang))) {
        expect(p.allowedMentions, name).toEqual({ parse: [], users: [], roles: [] });
        expect(p.components, name).toEqual([]);
        expect(joined(p), name).not.toMatch(LIVE_INJECTED);
        expectWithinLimits(p);
        expectNoPlaceholders(p);
      }
    });
  }

  it('differ between zh-CN and en', () => {
    const en = confirmations('en');
    const zh = confirmations('zh-CN');
    for (const name of Object.keys(en)) expect(joined(zh[name]!), name).not.toBe(joined(en[name]!));
  });

  it('setup says created or updated and shows the first meetings', () => {
    const p = confirmations('en').setupCreated!;
    expect(p.content).toContain(
      t('en', 'reply.setup.created', { series: 'Kernel SIG', channel: `<#${CHANNEL}>` }),
    );
    expect(p.content).toContain(`<t:${START_UNIX}:f>`);
    expect(p.content).toContain(`<t:${Math.floor(NEXT_START / 1000)}:f>`);
    expect(p.content).toContain('Thursday');
    expect(confirmations('zh-CN').setupCreated!.content).toContain('周四');
    expect(confirmations('en').setupUpdated!.content).toContain(t('en', 'reply.setup.noMeetings'));
  });
});

describe('renderMeeting', () => {
  it('shows time, link, presenters with titles, and open slots', () => {
    const s = series();
    const m = view(s, meeting(), [
      [ALICE, 'Page cache'],
      [null, null],
    ]);
    const e = renderMeeting(m, 'en').embeds[0]!;
    expect(e.title).toContain('2024-09-05');
    expect(e.description).toContain(`<t:${START_UNIX}:F>`);
    expect(e.description).toContain('https://meet.example.com/podium');
    expect(e.description).toContain('Page cache');
    expect(e.description).toContain(t('en', 'common.openSlot'));
  });

  it('shows postponed, skipped and paused with the reason', () => {
    const s = series();
    for (const status of ['postponed', 'skipped', 'paused'] as const) {
      for (const lang of LANGUAGES) {
        const m = view(s, meeting({ status, reason: 'Exam month', plannedAt: START - 86_400_000 }), []);
        const d = renderMeeting(m, lang).embeds[0]!.description!;
        expect(d).toContain(t(lang, `status.${status}`));
        expect(d).toContain('Exam month');
        if (status === 'postponed') expect(d).toContain(`<t:${START_UNIX - 86_400}:F>`);
        else expect(d).toContain(`~~<t:${START_UNIX}:F>`);
      }
    }
  });
});

describe('renderSchedule', () => {
  it('strikes cancelled meetings through with the reason and marks open slots', () => {
    const s = series();
    const views = [
      view(s, meeting(), [
        [ALICE, null],
        [null, null],
      ]),
      view(s, meeting({ id: 8, startsAt: NEXT_START, status: 'skipped', reason: 'Holiday' }), []),
    ];
    for (const lang of LANGUAGES) {
      const d = renderSchedule(views, lang).embeds[0]!.description!;
      const [where, blank, first, second] = d.split('\n');
      expect(where).toBe(t(lang, 'common.link', { link: s.link! }));
      expect(blank).toBe('');
      expect(first).toContain(`<@${ALICE}>`);
      expect(first).toContain(t(lang, 'common.openSlot'));
      expect(second).toMatch(new RegExp(`^~~<t:${Math.floor(NEXT_START / 1000)}:f>~~`));
      expect(second).toContain('Holiday');
      expect(second).toContain(t(lang, 'status.skipped'));
    }
  });

  it('says so when nothing is planned', () => {
    const p = renderSchedule([], 'zh-CN');
    expect(p.embeds[0]!.description).toBe(t('zh-CN', 'reply.schedule.empty'));
  });
});

describe('renderRoster', () => {
  it('lists members in order with group and turns', () => {
    const s = series();
    const p = renderRoster(
      {
        series: s,
        members: [
          { userId: BOB, position: 2, groupName: null, turnsTaken: 0 },
          { userId: ALICE, position: 1, groupName: 'Virtualization', turnsTaken: 3 },
        ],
      },
      'en',
    );
    const [first, second] = p.embeds[0]!.description!.split('\n');
    expect(first).toContain(`<@${ALICE}>`);
    expect(first).toContain('Virtualization');
    expect(first).toContain(t('en', 'reply.roster.turns', { count: 3 }));
    expect(second).toContain(`<@${BOB}>`);
    expect(p.allowedMentions.users).toEqual([]);
  });

  it('says how to add members when empty', () => {
    expect(renderRoster({ series: series(), members: [] }, 'en').embeds[0]!.description).toContain(
      '/rotation add',
    );
  });
});

describe('swaps', () => {
  const s = series();
  const from = view(s, meeting(), [[ALICE, null]]);
  const to = view(s, meeting({ id: 8, startsAt: NEXT_START }), [[CAROL, null]]);

  it('the request pings the asked member only and carries Accept/Decline/Withdraw buttons that parse back', () => {
    for (const lang of LANGUAGES) {
      for (const other of [to, null]) {
        const r = swap({ toMeetingId: other ? 8 : null });
        const p = renderSwapRequest(
          {
            id: r.id,
            fromUserId: r.fromUserId,
            toUserId: r.toUserId,
            fromAt: from.meeting.startsAt,
            toAt: other?.meeting.startsAt ?? null,
            expiresAt: r.expiresAt,
          },
          { ...s, language: lang },
        );
        expect(p.allowedMentions).toEqual({ parse: [], users: [CAROL], roles: [] });
        expect(p.content).toContain(`<@${CAROL}>`);
        expect(p.content).toContain(`<@${ALICE}>`);
        expect(p.content).toContain(`<t:${START_UNIX}:F>`);
        if (other) expect(p.content).toContain(`<t:${Math.floor(NEXT_START / 1000)}:F>`);
        const buttons = p.components[0]!.components;
        expect(buttons).toHaveLength(3);
        const parsed = buttons.map((b) =>
          b.type === ComponentType.Button && 'custom_id' in b ? parseCustomId(b.custom_id) : null,
        );
        expect(parsed).toEqual([
          { kind: 'swap-accept', swapId: 42 },
          { kind: 'swap-decline', swapId: 42 },
          { kind: 'swap-withdraw', swapId: 42 },
        ]);
        expect(buttons[0]!.type === ComponentType.Button && buttons[0]!.style).toBe(ButtonStyle.Success);
        expectWithinLimits(p);
        expectNoPlaceholders(p);
      }
    }
  });

  it('the answer removes the buttons; a decline pings the asker, other outcomes nobody', () => {
    for (const status of ['accepted', 'declined', 'expired', 'cancelled'] as const) {
      for (const lang of LANGUAGES) {
        const p = renderSwapAnswer(swap({ status }), { ...s, language: lang });
        expect(p.components).toEqual([]);
        expect(p.allowedMentions.users).toEqual(status === 'declined' ? [ALICE] : []);
        expectNoPlaceholders(p);
      }
    }
    expect(renderSwapAnswer(swap({ status: 'accepted' }), { ...s, language: 'en' }).content).not.toBe(
      renderSwapAnswer(swap({ status: 'declined' }), { ...s, language: 'en' }).content,
    );
  });
});

describe('renderError', () => {
  it('uses the catalog in the reader language', () => {
    const en = renderError('error.date.format', { value: '2024-02-30' }, 'en');
    const zh = renderError('error.date.format', { value: '2024-02-30' }, 'zh-CN');
    expect(en.content).toBe(t('en', 'error.date.format', { value: '2024-02-30' }));
    expect(zh.content).toBe(t('zh-CN', 'error.date.format', { value: '2024-02-30' }));
    expect(en.content).not.toBe(zh.content);
    expect(en.allowedMentions).toEqual({ parse: [], users: [], roles: [] });
  });

  it('translates a swap status and keeps user input inert', () => {
    expect(renderError('error.swap.closed', { status: 'expired' }, 'zh-CN').content).toContain(
      t('zh-CN', 'swapStatus.expired'),
    );
    const p = renderError('error.date.format', { value: `\`${EVIL}` }, 'en');
    expect(p.content).not.toMatch(LIVE_INJECTED);
    // The value cannot close the code span it is shown in.
    expect(p.content.match(/`/g)).toHaveLength(2);
    // A user id is mentioned (not pinged); anything else in its place is dropped.
    expect(renderError('error.roster.already', { user: CAROL }, 'en').content).toContain(`<@${CAROL}>`);
    expect(renderError('error.roster.already', { user: '&123' }, 'en').content).not.toMatch(/<@&123>/);
  });
});
