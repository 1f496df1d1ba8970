import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { announceDraft } from '../../src/app/announceDraft.ts';
import { listHistory } from '../../src/app/listHistory.ts';
import { meetingCalendar } from '../../src/app/meetingCalendar.ts';
import { addMinutes, editMinutes, showMinutes } from '../../src/app/minutes.ts';
import { pauseMeetings } from '../../src/app/pauseMeetings.ts';
import { postponeMeeting } from '../../src/app/postponeMeeting.ts';
import { exportSeason } from '../../src/app/season.ts';
import { setTitle } from '../../src/app/setTitle.ts';
import { skipMeeting } from '../../src/app/skipMeeting.ts';
import { renderAnnouncement } from '../../src/render/announcement.ts';
import { meetingUid, renderCalendar } from '../../src/render/calendar.ts';
import { renderSeasonMarkdown } from '../../src/render/season-export.ts';
import { actor, at, ctx, organiser, testDb } from '../support/db.ts';
import { expectUserError } from '../support/fixtures.ts';
import { harness, seedSeries } from '../support/season.ts';
import { snapshot } from '../support/snapshot.ts';

const TZ = 'Asia/Shanghai';
const start = at('2024-07-20 12:00', TZ);

async function story(language: 'en' | 'zh-CN' = 'en') {
  const db = await testDb();
  const { members } = await seedSeries(db, start, {
    timezone: TZ,
    weekday: 4,
    time: '21:00',
    everyWeeks: 2,
    start: '2024-08-01',
    size: 6,
    language,
  });
  const h = harness(db, start);
  await h.run(at('2024-12-20 00:00', TZ), [
    {
      at: at('2024-07-31 10:00', TZ),
      run: async (now) => {
        await setTitle(ctx(db, now, actor(members[0]!)), { title: 'Folios | the page cache' });
      },
    },
    {
      at: at('2024-08-02 09:00', TZ),
      run: async (now) => {
        await addMinutes(ctx(db, now, actor(members[2]!)), {
          body: 'm1 on folios, m2 on eBPF.\nSlides: https://example.org/s',
        });
      },
    },
    {
      at: at('2024-08-20 10:00', TZ),
      run: async (now) => {
        await postponeMeeting(ctx(db, now, organiser()), {
          meeting: '2024-08-29',
          to: '2024-09-01 21:00',
          reason: 'Conference week',
        });
      },
    },
    {
      at: at('2024-09-01 10:00', TZ),
      run: async (now) => {
        await skipMeeting(ctx(db, now, organiser()), { meeting: '2024-09-12', reason: 'Mid-Autumn' });
      },
    },
    {
      at: at('2024-11-01 09:00', TZ),
      run: async (now) => {
        await pauseMeetings(ctx(db, now, organiser()), {
          from: '2024-12-01',
          until: '2025-01-01',
          reason: 'Exam month',
        });
      },
    },
  ]);
  return { db, members, h };
}

describe('minutes', () => {
  it('adds a summary, posts it, lets its author edit it by adding again, and an organiser edit it', async () => {
    const { db, members, h } = await story();
    const now = at('2024-08-03 10:00', TZ);
    const shown = await showMinutes(ctx(db, now, actor(members[5]!)), { meeting: '2024-08-01' });
    expect(shown.minutes.map((m) => [m.authorId, m.body])).toEqual([
      [members[2], 'm1 on folios, m2 on eBPF.\nSlides: https://example.org/s'],
    ]);
    expect(h.poster.messages.filter((p) => p.kind === 'notice:minutes')).toHaveLength(1);
    const again = await addMinutes(ctx(db, now, actor(members[2]!)), {
      meeting: '2024-08-01',
      body: 'Updated notes',
    });
    expect(again.created).toBe(false);
    expect(
      (await showMinutes(ctx(db, now, actor(members[5]!)), { meeting: '2024-08-01' })).minutes.map(
        (m) => m.body,
      ),
    ).toEqual(['Updated notes']);
    await expectUserError(
      () => editMinutes(ctx(db, now, actor(members[4]!)), { minutesId: again.minutes.id, body: 'vandalism' }),
      'error.minutes.notYours',
    );
    expect(
      (
        await editMinutes(ctx(db, now, organiser()), {
          minutesId: again.minutes.id,
          body: 'Fixed by an organiser',
        })
      ).minutes.body,
    ).toBe('Fixed by an organiser');
  });

  it('refuses a summary over the limit, for a meeting that does not exist or has not happened, changing nothing', async () => {
    const { db, members } = await story();
    const now = at('2024-08-03 10:00', TZ);
    const before = await snapshot(db);
    await expectUserError(
      () => addMinutes(ctx(db, now, actor(members[1]!)), { body: 'x'.repeat(4001) }),
      'error.minutes.tooLong',
    );
    await expectUserError(
      () => addMinutes(ctx(db, now, actor(members[1]!)), { body: '  \n ' }),
      'error.minutes.empty',
    );
    await expectUserError(
      () => addMinutes(ctx(db, now, actor(members[1]!)), { meeting: '2024-08-02', body: 'notes' }),
      'error.meeting.notFound',
    );
    await expectUserError(
      () => addMinutes(ctx(db, now, actor(members[1]!)), { meeting: '2024-08-15', body: 'notes' }),
      'error.minutes.future',
    );
    await expectUserError(
      () => addMinutes(ctx(db, now, actor(members[1]!)), { meeting: '2024-02-30', body: 'notes' }),
      'error.date.invalid',
    );
    expect(await snapshot(db)).toBe(before);
  });
});

describe('season export', () => {
  it('writes the schedule as held with reasons, the summaries and every change notice', async () => {
    const { db } = await story();
    const season = await exportSeason(ctx(db, at('2024-12-20 00:00', TZ), organiser()), {});
    expect([season.from, season.to]).toEqual(['2024-07-01', '2024-12-31']);
    const md = renderSeasonMarkdown(season, new Map(), at('2024-12-20 00:00', TZ));
    expect(md).toContain('# Meeting: season 2024-07-01 – 2024-12-31');
    expect(md).toContain('| 1 | 2024-08-01 21:00 | scheduled |');
    expect(md).toContain('Folios \\| the page cache');
    expect(md).toContain('| 3 | 2024-09-01 21:00 | postponed |');
    expect(md).toContain('moved from 2024-08-29 21:00; Conference week');
    expect(md).toContain('| 4 | 2024-09-12 21:00 | skipped | — | — | Mid-Autumn |');
    expect(md).toContain('| 10 | 2024-12-05 21:00 | paused | — | — | Exam month |');
    expect(md).toContain('- 2024-12-01 – 2025-01-01: Exam month');
    expect(md).toContain('m1 on folios, m2 on eBPF.\nSlides: https://example.org/s');
    expect(md).toContain(
      '- 2024-08-20 10:00 · Meeting of 2024-08-29 21:00 moved to 2024-09-01 21:00 (Conference week)',
    );
    expect(md).toContain('- 2024-09-01 10:00 · Meeting of 2024-09-12 21:00 skipped (Mid-Autumn)');
    expect(md).toContain('- 2024-11-01 09:00 · No meetings from 2024-12-01 to 2025-01-01 (Exam month)');
  });

  it('refuses a range that ends before it starts', async () => {
    const { db } = await story();
    await expectUserError(
      () => exportSeason(ctx(db, start, organiser()), { from: '2024-12-01', to: '2024-08-01' }),
      'error.range.order',
    );
    await expectUserError(
      () => exportSeason(ctx(db, start, actor('400000000000000001')), {}),
      'error.notOrganiser',
    );
  });
});

describe('announcement draft', () => {
  it('reads well in both languages and flags missing titles', async () => {
    for (const lang of ['en', 'zh-CN'] as const) {
      const { db, members } = await story(lang);
      const view = await announceDraft(ctx(db, at('2024-07-31 12:00', TZ), organiser()), {
        meeting: '2024-08-01',
      });
      const names = new Map([
        [members[0]!, 'Alice'],
        [members[1]!, 'Bo'],
      ]);
      const { text, missingTitles } = renderAnnouncement(view, names);
      expect(missingTitles).toBe(1);
      if (lang === 'en') {
        expect(text).toContain('Thursday 1 August 2024, 21:00 (Asia/Shanghai)');
        expect(text).toContain('1. Alice: Folios | the page cache');
        expect(text).toContain('2. Bo: ⚠️ title missing');
        expect(text).toContain('free discussion');
      } else {
        expect(text).toContain('2024年8月1日 星期四 21:00（Asia/Shanghai）');
        expect(text).toContain('2. Bo：⚠️ 题目未提交');
        expect(text).toContain('自由讨论');
      }
      expect(text).toContain('https://meet.example/abc');
      expect(text).not.toMatch(/<@\d+>/);
    }
  });
});

describe('calendar file', () => {
  it('is read back by an independent parser: stable UIDs, sequence, cancellations, the series zone', async () => {
    const db = await testDb();
    const zone = 'America/New_York';
    const now = Date.parse('2026-02-20T00:00:00Z');
    await seedSeries(db, now, {
      timezone: zone,
      weekday: 7,
      time: '10:00',
      everyWeeks: 1,
      start: '2026-02-22',
      size: 4,
    });
    await postponeMeeting(ctx(db, now, organiser()), {
      meeting: '2026-03-01',
      to: '2026-03-01 14:00',
      reason: 'Later start',
    });
    await skipMeeting(ctx(db, now, organiser()), { meeting: '2026-03-15' });
    const views = await meetingCalendar(ctx(db, now, actor('400000000000000001')));
    const ics = renderCalendar(views[0]!.series, views, new Map(), now);
    const vcalendar = new ICAL.Component(ICAL.parse(ics));
    const tz = vcalendar.getFirstSubcomponent('vtimezone');
    expect(tz?.getFirstPropertyValue('tzid')).toBe(zone);
    if (tz) ICAL.TimezoneService.register(new ICAL.Timezone(tz));
    const events = vcalendar.getAllSubcomponents('vevent').map((c) => new ICAL.Event(c));
    expect(events).toHaveLength(views.length);
    const byUid = new Map(events.map((e) => [e.uid, e]));
    for (const view of views) {
      const event = byUid.get(meetingUid(view.meeting.id))!;
      expect(event.startDate.toJSDate().getTime()).toBe(view.meeting.startsAt);
      expect(event.startDate.zone?.tzid).toBe(zone);
      expect(event.sequence).toBe(view.meeting.version);
    }
    const iso = (d: string) => events.find((e) => e.startDate.toString().startsWith(d))!;
    // Across the DST change on 8 March: 10:00 local both sides.
    expect(iso('2026-03-08').startDate.toJSDate().toISOString()).toBe('2026-03-08T14:00:00.000Z');
    expect(iso('2026-02-22').startDate.toJSDate().toISOString()).toBe('2026-02-22T15:00:00.000Z');
    expect(iso('2026-03-01T14:00').startDate.toJSDate().toISOString()).toBe('2026-03-01T19:00:00.000Z');
    expect(iso('2026-03-01T14:00').sequence).toBeGreaterThan(0);
    expect(iso('2026-03-15').component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(iso('2026-03-22').component.getFirstPropertyValue('status')).toBe('CONFIRMED');
    // The same meetings exported again keep their UIDs.
    const again = new ICAL.Component(
      ICAL.parse(
        renderCalendar(
          views[0]!.series,
          await meetingCalendar(ctx(db, now, organiser())),
          new Map(),
          now + 1000,
        ),
      ),
    );
    expect(again.getAllSubcomponents('vevent').map((c) => c.getFirstPropertyValue('uid'))).toEqual(
      events.map((e) => e.uid),
    );
  });
});

describe('audit history', () => {
  it('lists who changed what, newest first, for organisers only', async () => {
    const { db, members } = await story();
    const { entries } = await listHistory(ctx(db, at('2024-12-20 00:00', TZ), organiser()), { count: 3 });
    expect(entries.map((e) => e.action)).toEqual(['series.pause', 'meeting.skip', 'meeting.postpone']);
    await expectUserError(() => listHistory(ctx(db, start, actor(members[0]!)), {}), 'error.notOrganiser');
    await expectUserError(() => listHistory(ctx(db, start, organiser()), { count: 99 }), 'error.count');
  });
});
