import {
  ApplicationCommandOptionType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { comeBack } from '../../app/comeBack.ts';
import { goAway } from '../../app/goAway.ts';
import { myTalks } from '../../app/myTalks.ts';
import { setDmReminders } from '../../app/setDmReminders.ts';
import { renderAwaySet, renderBack, renderDmSet, renderMyTalks } from '../../render/me.ts';
import { privately } from '../answer.ts';
import { bySubcommand, given, text } from '../options.ts';
import { reasonOption } from './shared.ts';

const S = ApplicationCommandOptionType;

function dateOption<R extends boolean>(name: 'from' | 'until', required: R, description: string, zh: string) {
  return {
    type: S.String,
    name,
    name_localizations: { 'zh-CN': name === 'from' ? '开始日期' : '结束日期' },
    description,
    description_localizations: { 'zh-CN': zh },
    required,
    max_length: 10,
  } as const;
}

export const meCommand = {
  name: 'me',
  name_localizations: { 'zh-CN': '我的' },
  description: 'Your own settings: away dates, direct-message reminders, your talks',
  description_localizations: { 'zh-CN': '你自己的设置：不在的日期、私信提醒、你的分享' },
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: S.Subcommand,
      name: 'away',
      name_localizations: { 'zh-CN': '请假' },
      description: 'Dates you cannot present; the plan skips you and you keep your turn',
      description_localizations: { 'zh-CN': '你无法分享的日期；排班会跳过你，你的轮次保留' },
      options: [
        dateOption('from', true, 'First day, YYYY-MM-DD (series timezone)', '第一天，YYYY-MM-DD（例会时区）'),
        dateOption('until', true, 'Last day, YYYY-MM-DD (included)', '最后一天，YYYY-MM-DD（包含当天）'),
        reasonOption,
      ],
    },
    {
      type: S.Subcommand,
      name: 'back',
      name_localizations: { 'zh-CN': '销假' },
      description: 'End or cancel an away period',
      description_localizations: { 'zh-CN': '结束或取消一段请假' },
      options: [
        dateOption(
          'from',
          false,
          'First day you can present again, YYYY-MM-DD; default: today or your next away period',
          '重新可以分享的第一天，YYYY-MM-DD；默认今天或下一段请假',
        ),
      ],
    },
    {
      type: S.Subcommand,
      name: 'dm',
      name_localizations: { 'zh-CN': '私信' },
      description: 'Reminders of your own talks by direct message, too',
      description_localizations: { 'zh-CN': '同时通过私信提醒你自己的分享' },
      options: [
        {
          type: S.String,
          name: 'state',
          name_localizations: { 'zh-CN': '状态' },
          description: 'on or off',
          description_localizations: { 'zh-CN': '开启或关闭' },
          required: true,
          choices: [
            { name: 'on', name_localizations: { 'zh-CN': '开启' }, value: 'on' },
            { name: 'off', name_localizations: { 'zh-CN': '关闭' }, value: 'off' },
          ],
        },
      ],
    },
    {
      type: S.Subcommand,
      name: 'talks',
      name_localizations: { 'zh-CN': '分享' },
      description: 'Your upcoming talks, with dates and titles',
      description_localizations: { 'zh-CN': '你接下来的分享：日期和题目' },
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const me = {
  definition: meCommand,
  execute: bySubcommand(meCommand, {
    async away(i, { ctx, lang }) {
      const from = i.options.getString('from', true);
      const until = i.options.getString('until', true);
      return privately(
        renderAwaySet(await goAway(ctx, { from, until, ...given({ reason: text(i, 'reason') }) }), lang),
      );
    },
    async back(i, { ctx, lang }) {
      return privately(renderBack(await comeBack(ctx, given({ from: text(i, 'from') })), lang));
    },
    async dm(i, { ctx, lang }) {
      const enabled = i.options.getString('state', true) === 'on';
      return privately(renderDmSet(await setDmReminders(ctx, { enabled, language: lang }), lang));
    },
    async talks(_i, { ctx, lang }) {
      return privately(renderMyTalks(await myTalks(ctx), lang));
    },
  }),
};
