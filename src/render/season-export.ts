/**
 * The season page as Markdown: the schedule table as held (postponements,
 * skips and pauses with their reasons), the titles, every summary, and every
 * change notice. In the series' language; people by name where known.
 */
import type { SeasonData } from '../app/season.ts';
import { isCancelled } from '../domain/model.ts';
import { isUrl } from '../domain/user-input.ts';
import { t } from '../i18n/catalog.ts';
import { type Names, nameOf } from './announcement.ts';
import { shortDateTime } from './local-time.ts';
import { codeText, sortedSlots } from './parts.ts';

/** Text safe inside a Markdown table cell: one line, pipes escaped. */
function cell(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();
}

/** The location in Markdown: a URL as an autolink, anything else as inline code (no markup, no HTML). */
function markdownLocation(location: string): string {
  const text = location.replace(/\s+/g, ' ').trim();
  if (isUrl(text)) return `<${new URL(text).href}>`;
  return codeText(text);
}

function str(data: unknown, key: string): string | null {
  const value = (data as Record<string, unknown> | null)?.[key];
  return typeof value === 'string' ? value : null;
}

function num(data: unknown, key: string): number | null {
  const value = (data as Record<string, unknown> | null)?.[key];
  return typeof value === 'number' ? value : null;
}

export function renderSeasonMarkdown(season: SeasonData, names: Names, generatedAt: number): string {
  const { series } = season;
  const lang = series.language;
  const zone = series.timeZone;
  const tr = (key: Parameters<typeof t>[1], params: Record<string, string | number> = {}) =>
    t(lang, key, params);
  const when = (at: number) => shortDateTime(at, zone);
  const who = (id: string) => nameOf(names, id);
  const out: string[] = [
    tr('export.title', { series: cell(series.name), from: season.from, to: season.to }),
    '',
    tr('export.when', {
      every: series.everyWeeks === 1 ? tr('interval.one') : tr('interval.many', { n: series.everyWeeks }),
      weekday: tr(`weekday.${series.weekday}` as Parameters<typeof t>[1]),
      time: `${String(series.hour).padStart(2, '0')}:${String(series.minute).padStart(2, '0')}`,
      zone,
    }),
  ];
  if (series.link) out.push('', tr('export.link', { link: markdownLocation(series.link) }));

  out.push('', tr('export.schedule'), '');
  if (season.meetings.length === 0) out.push(tr('export.noMeetings'));
  else {
    out.push(tr('export.tableHead'), '|---|---|---|---|---|---|');
    season.meetings.forEach((m, i) => {
      const slots = sortedSlots(m).filter((s) => s.userId !== null);
      const notes = [
        m.meeting.startsAt !== m.meeting.plannedAt
          ? tr('export.movedFrom', { from: when(m.meeting.plannedAt) })
          : null,
        // A paused meeting carries the pause's reason.
        m.meeting.reason ?? season.pauses.find((p) => p.id === m.meeting.pauseId)?.reason,
      ].filter((x): x is string => Boolean(x));
      out.push(
        `| ${i + 1} | ${when(m.meeting.startsAt)} | ${tr(`status.${m.meeting.status}`)} | ${isCancelled(m.meeting) ? '—' : cell(slots.map((s) => who(s.userId!)).join(', ') || '—')} | ${
          isCancelled(m.meeting) ? '—' : cell(slots.map((s) => s.title ?? '?').join(' / ') || '—')
        } | ${cell(notes.join('; ')) || ''} |`,
      );
    });
  }

  if (season.pauses.length > 0) {
    out.push('', tr('export.pauses'), '');
    for (const p of season.pauses)
      out.push(
        tr('export.pause', {
          from: p.fromDate,
          until: p.untilDate,
          reason: p.reason ? `: ${cell(p.reason)}` : '',
        }),
      );
  }

  out.push('', tr('export.summaries'), '');
  const withMinutes = season.meetings.filter((m) => m.minutes.length > 0);
  if (withMinutes.length === 0) out.push(tr('export.noSummaries'));
  for (const m of withMinutes) {
    const presenters = sortedSlots(m).flatMap((s) =>
      s.userId ? [`${who(s.userId)}${s.title ? ` — ${cell(s.title)}` : ''}`] : [],
    );
    out.push(
      tr('export.summary', { date: when(m.meeting.startsAt), names: presenters.join('; ') || '—' }),
      '',
    );
    for (const minutes of m.minutes) {
      out.push(
        minutes.body.replace(/\r\n?/g, '\n').trim(),
        '',
        tr('export.summaryBy', { name: who(minutes.authorId), at: when(minutes.updatedAt) }),
        '',
      );
    }
  }

  out.push('', tr('export.notices'), '');
  if (season.notices.length === 0) out.push(tr('export.noNotices'));
  for (const n of season.notices) {
    const d = n.data;
    const at = (key: string) => {
      const v = num(d, key);
      return v === null ? '?' : when(v);
    };
    const user = (key: string) => {
      const v = str(d, key);
      return v === null ? '?' : who(v);
    };
    const reason = str(d, 'reason');
    const line = (() => {
      switch (n.kind) {
        case 'notice:postpone':
          return tr('notice.postpone', { from: at('from'), to: at('to') });
        case 'notice:skip':
          return tr('notice.skip', { at: at('at') });
        case 'notice:pause':
          return tr('notice.pause', { from: str(d, 'from') ?? '?', until: str(d, 'until') ?? '?' });
        case 'notice:resume':
          return tr('notice.resume', { from: str(d, 'from') ?? '?', until: str(d, 'until') ?? '?' });
        case 'notice:swap':
          return tr('notice.swap', { a: user('a'), b: user('b') });
        case 'notice:release':
          return tr('notice.release', { user: user('user'), at: at('at') });
        case 'notice:claim':
          return tr('notice.claim', { user: user('user'), at: at('at') });
        case 'notice:assign':
          return tr('notice.assign', { user: user('user'), at: at('at') });
        default:
          return n.kind;
      }
    })();
    out.push(`- ${when(n.sentAt ?? n.dueAt)} · ${cell(line)}${reason ? ` (${cell(reason)})` : ''}`);
  }
  out.push('', tr('export.generated', { at: when(generatedAt) }), '');
  return out.join('\n');
}
