/** Renderers of `/help`, `/me` replies, direct-message reminders and the away/back notices. */
import { describe, expect, it } from 'vitest';
import type { HelpView } from '../../src/app/helpView.ts';
import type { MyTalksView } from '../../src/app/myTalks.ts';
import { helpEntries as entriesOf } from '../../src/discord/commands/help.ts';
import { COMMANDS } from '../../src/discord/commands/index.ts';
import type { Language } from '../../src/domain/model.ts';
import { t } from '../../src/i18n/catalog.ts';
import { renderDmReminder } from '../../src/render/dm.ts';
import { renderHelp } from '../../src/render/help.ts';
import { renderAwaySet, renderBack, renderDmSet, renderMyTalks } from '../../src/render/me.ts';
import { renderPost } from '../../src/render/posts.ts';
import { renderRoster } from '../../src/render/replies.ts';
import { expectNoPlaceholders, expectWithinLimits, joined, LIVE_INJECTED } from './check.ts';
import {
  ALICE,
  BOB,
  CHANNEL,
  LANGUAGES,
  meeting,
  roster,
  START,
  START_UNIX,
  series,
  TOPIC,
  view,
} from './fixtures.ts';

const helpEntries = () => entriesOf(COMMANDS);
const EVIL = '@everyone <@&123> <@456> <#789> **x**';
const s = series({ name: EVIL });
const m = view(s, meeting(), [
  [ALICE, null],
  [BOB, 'Folios'],
]);

function helpFor(organiser: boolean, withSeries = true): HelpView {
  return { organiser, channelId: CHANNEL, series: withSeries ? s : null, next: withSeries ? m : null };
}

function talks(count: number, feedUrl?: string): MyTalksView {
  return {
    talks: Array.from({ length: count }, (_, i) => ({
      series: s,
      startsAt: START + i * 14 * 86_400_000,
      date: '2024-09-05',
      title: i % 2 === 0 ? null : `${EVIL} ${'long title '.repeat(15)}`,
      pinned: false,
    })),
    away: [{ series: s, fromDate: '2024-10-01', untilDate: '2024-10-10' }],
    ...(feedUrl === undefined ? {} : { feedUrl }),
  };
}

/** Alice away from 1 to 10 September 2024. */
function awayPeriod(reason: string | null) {
  return { id: 1, seriesId: 1, userId: ALICE, fromDate: '2024-09-01', untilDate: '2024-09-10', reason };
}

function all(lang: Language) {
  return {
    helpOrganiser: renderHelp(helpFor(true), helpEntries(), lang),
    helpMember: renderHelp(helpFor(false), helpEntries(), lang),
    helpNoSeries: renderHelp(helpFor(true, false), helpEntries(), lang),
    away: renderAwaySet(
      {
        series: s,
        period: awayPeriod(EVIL),
        released: [START],
        replanned: [START + 86_400_000],
      },
      lang,
    ),
    back: renderBack(
      {
        series: s,
        period: awayPeriod(null),
        backFrom: '2024-09-05',
        cancelled: false,
      },
      lang,
    ),
    dmOn: renderDmSet({ enabled: true }, lang),
    dmOff: renderDmSet({ enabled: false }, lang),
    talks: renderMyTalks(talks(3), lang),
    talksNone: renderMyTalks({ talks: [], away: [] }, lang),
    talksMany: renderMyTalks(talks(200, 'https://podium.example/feed/abc.ics'), lang),
  };
}

describe('/help and /me replies', () => {
  for (const lang of LANGUAGES) {
    it(`ping nobody, fit Discord's limits, defuse user text and fill every placeholder (${lang})`, () => {
      for (const [name, p] of Object.entries(all(lang))) {
        expect(p.allowedMentions, name).toEqual({ parse: [], users: [], roles: [] });
        expect(joined(p), name).not.toMatch(LIVE_INJECTED);
        expectWithinLimits(p);
        expectNoPlaceholders(p);
      }
    });
  }

  it('differ between zh-CN and en', () => {
    const en = all('en');
    const zh = all('zh-CN');
    for (const name of Object.keys(en))
      expect(joined(zh[name as keyof typeof zh]), name).not.toBe(joined(en[name as keyof typeof en]));
  });

  it('/help lists organiser commands to organisers only, and every command of Podium to them', () => {
    const organiser = joined(renderHelp(helpFor(true), helpEntries(), 'en'));
    const member = joined(renderHelp(helpFor(false), helpEntries(), 'en'));
    for (const e of helpEntries()) {
      expect(organiser).toContain(`\`${e.path}\``);
      if (e.organiser) expect(member).not.toContain(`\`${e.path}\``);
      else expect(member).toContain(`\`${e.path}\``);
    }
    expect(
      helpEntries()
        .filter((e) => e.organiser)
        .map((e) => e.path),
    ).toContain('/meeting setup');
    expect(member).toContain(`<t:${START_UNIX}:F>`);
  });

  it('/me talks shows timestamps, titles or "to come", the away periods, and the feed when there is one', () => {
    const p = joined(renderMyTalks(talks(2, 'https://podium.example/feed/abc.ics'), 'en'));
    expect(p).toContain(`<t:${START_UNIX}:F>`);
    expect(p).toContain(t('en', 'common.titleToCome'));
    expect(p).toContain('https://podium.example/feed/abc.ics');
    expect(p).toContain('2024-10-01 – 2024-10-10');
    expect(joined(renderMyTalks(talks(2), 'en'))).not.toContain('calendar feed');
  });

  it('/rotation list shows away periods where the view has them (organisers)', () => {
    const r = roster(s, 3);
    r.members[1]!.away = [{ fromDate: '2024-09-01', untilDate: '2024-09-10', reason: EVIL }];
    const text = joined(renderRoster(r, 'en'));
    expect(text).toContain('away 2024-09-01 – 2024-09-10');
    expect(text).not.toMatch(LIVE_INJECTED);
    expect(joined(renderRoster(roster(s, 3), 'en'))).not.toContain('away');
  });
});

describe('direct-message reminders', () => {
  for (const lang of LANGUAGES) {
    it(`speak to the presenter about their own talk, ping nobody and fit (${lang})`, () => {
      for (const kind of ['title_request', 'title_nudge', 'agenda']) {
        const p = renderDmReminder({ kind, meeting: m, userId: BOB, lang });
        expect(p.allowedMentions).toEqual({ parse: [], users: [], roles: [] });
        expect(joined(p)).toContain(`<t:${START_UNIX}:`);
        if (kind !== 'agenda') expect(joined(p)).toContain(`<#${TOPIC}>`);
        else expect(joined(p)).toContain('https://meet.example.com/podium');
        expect(joined(p)).not.toMatch(LIVE_INJECTED);
        expectWithinLimits(p);
        expectNoPlaceholders(p);
      }
      expect(joined(renderDmReminder({ kind: 'agenda', meeting: m, userId: BOB, lang }))).toContain(
        '**Folios**',
      );
    });
  }
  it('refuse kinds that are not personal', () => {
    expect(() => renderDmReminder({ kind: 'follow_up', meeting: m, userId: BOB, lang: 'en' })).toThrow();
  });
});

describe('away and back notices', () => {
  for (const lang of LANGUAGES) {
    it(`name the member without pinging anyone, and defuse the reason (${lang})`, () => {
      const base = { series: s, meeting: null, next: null, organiserRoleId: null };
      const away = renderPost({
        ...base,
        kind: 'notice:away',
        data: { user: ALICE, from: '2024-09-01', until: '2024-09-10', reason: EVIL, replanned: [START] },
      });
      const back = renderPost({
        ...base,
        kind: 'notice:back',
        data: { user: ALICE, from: '2024-09-01', until: '2024-09-10', back: '2024-09-05', cancelled: false },
      });
      for (const p of [away, back]) {
        expect(p.allowedMentions).toEqual({ parse: [], users: [], roles: [] });
        expect(joined(p)).toContain(`<@${ALICE}>`);
        expect(joined(p)).not.toMatch(LIVE_INJECTED);
        expectNoPlaceholders(p);
      }
      expect(joined(away)).toContain(`<t:${START_UNIX}:D>`);
    });
  }
});
