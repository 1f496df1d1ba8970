/** `/help`: what Podium does in this channel and the commands the reader may use. Pure; pings nobody. */
import type { HelpView } from '../app/helpView.ts';
import type { Language } from '../domain/model.ts';
import { COLOR, lines, locationLine, presenterList, shownText, translator, when } from './parts.ts';
import {
  channelMention,
  embedTextLength,
  LIMITS,
  type MessagePayload,
  packLines,
  payload,
} from './payload.ts';

/** One command the reader may use: its path (`/meeting show`) and description in each language. */
export interface HelpEntry {
  path: string;
  description: string;
  descriptionZh: string | undefined;
  organiser: boolean;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

export function renderHelp(view: HelpView, entries: readonly HelpEntry[], lang: Language): MessagePayload {
  const tr = translator(lang);
  const { series, next } = view;
  const here = channelMention(view.channelId);
  const about = series
    ? lines(
        tr('help.series', { series: shownText(series.name), channel: here }),
        tr(series.everyWeeks === 1 ? 'reply.setup.everyWeek' : 'reply.setup.everyNWeeks', {
          weeks: series.everyWeeks,
          weekday: tr(`weekday.${series.weekday}` as 'weekday.1'),
          time: `${pad2(series.hour)}:${pad2(series.minute)}`,
          timeZone: series.timeZone,
        }),
        tr('help.presenters', { count: series.presenters }),
        next
          ? tr('help.next', { when: when(tr, next.meeting.startsAt), presenters: presenterList(tr, next) })
          : tr('help.noNext'),
        next && locationLine(tr, series.link, false),
      )
    : lines(
        tr('help.noSeries', { channel: here }),
        tr(view.organiser ? 'help.noSeries.organiser' : 'help.noSeries.member'),
      );
  const first = {
    title: tr('help.title'),
    description: lines(tr('help.what'), '', about),
    color: COLOR.accent,
  };

  const line = (e: HelpEntry) => {
    const description = lang === 'zh-CN' ? (e.descriptionZh ?? e.description) : e.description;
    return `\`${e.path}\` — ${description}`;
  };
  const everyone = entries.filter((e) => !e.organiser).map(line);
  const organiser = view.organiser ? entries.filter((e) => e.organiser).map(line) : [];
  const all = [
    `**${tr('help.commands')}**`,
    ...everyone,
    ...(organiser.length > 0 ? ['', `**${tr('help.organiserCommands')}**`, ...organiser] : []),
  ];
  const budget = LIMITS.embedTotal - embedTextLength(first);
  const { description, fields } = packLines(all, budget, (count) => tr('help.more', { count }));
  return payload({
    embeds: [first, { description, ...(fields.length > 0 ? { fields } : {}), color: COLOR.accent }],
    users: [],
  });
}
