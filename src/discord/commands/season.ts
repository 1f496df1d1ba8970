import {
  ApplicationCommandOptionType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { exportSeason, type SeasonData } from '../../app/season.ts';
import { renderSeasonExported } from '../../render/attachments.ts';
import { renderSeasonMarkdown } from '../../render/season-export.ts';
import { privately, withNames } from '../answer.ts';
import { bySubcommand, given, text } from '../options.ts';

const S = ApplicationCommandOptionType;

export const seasonCommand = {
  name: 'season',
  name_localizations: { 'zh-CN': '赛季' },
  description: 'The season page: schedule, titles, summaries and announcements',
  description_localizations: { 'zh-CN': '赛季页面：日程、题目、纪要和通知' },
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: S.Subcommand,
      name: 'export',
      name_localizations: { 'zh-CN': '导出' },
      description: 'Export a season as a Markdown file (organisers); default: the current half-year',
      description_localizations: { 'zh-CN': '把一个赛季导出为 Markdown 文件（组织者）；默认本半年' },
      options: [
        {
          type: S.String,
          name: 'from',
          name_localizations: { 'zh-CN': '开始日期' },
          description: 'First day, YYYY-MM-DD; default: the start of the half-year',
          description_localizations: { 'zh-CN': '第一天，YYYY-MM-DD；默认本半年的第一天' },
          max_length: 20,
        },
        {
          type: S.String,
          name: 'to',
          name_localizations: { 'zh-CN': '结束日期' },
          description: 'Last day, YYYY-MM-DD; default: the end of the half-year',
          description_localizations: { 'zh-CN': '最后一天，YYYY-MM-DD；默认本半年的最后一天' },
          max_length: 20,
        },
      ],
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

/** Everyone the season page names: presenters, summary authors, people in the notices. */
function peopleOf(season: SeasonData): string[] {
  const fromNotices = season.notices.flatMap((n) => {
    const data = (n.data ?? {}) as Record<string, unknown>;
    return ['a', 'b', 'user', 'author'].flatMap((key) => {
      const value = data[key];
      return typeof value === 'string' ? [value] : [];
    });
  });
  return [
    ...season.meetings.flatMap((m) => [
      ...m.slots.flatMap((s) => (s.userId === null ? [] : [s.userId])),
      ...m.minutes.map((x) => x.authorId),
    ]),
    ...fromNotices,
  ];
}

export const season = {
  definition: seasonCommand,
  execute: bySubcommand(seasonCommand, {
    async export(i, { ctx, lang }) {
      const data = await exportSeason(ctx, given({ from: text(i, 'from'), to: text(i, 'to') }));
      return withNames(peopleOf(data), (names) => {
        const reply = renderSeasonExported(data, renderSeasonMarkdown(data, names, ctx.now), lang);
        return privately(reply.payload, [reply.file]);
      });
    },
  }),
};
