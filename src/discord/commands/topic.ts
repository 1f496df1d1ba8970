import { LabelBuilder, ModalBuilder, TextInputBuilder, TextInputStyle } from 'discord.js';
import {
  ApplicationCommandOptionType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { setTitle } from '../../app/setTitle.ts';
import { showMeeting } from '../../app/showMeeting.ts';
import { titleFormTarget } from '../../app/titleForm.ts';
import type { Language } from '../../domain/model.ts';
import { TITLE_MAX } from '../../domain/user-input.ts';
import { t } from '../../i18n/catalog.ts';
import { encodeCustomId } from '../../render/custom-ids.ts';
import { renderMeeting, renderTitleSet } from '../../render/replies.ts';
import { privately } from '../answer.ts';
import { bySubcommand, given, text } from '../options.ts';
import { meetingOption } from './shared.ts';

const S = ApplicationCommandOptionType;

/** The custom id of the title form's text input. */
export const TITLE_INPUT = 'title';

export const topicCommand = {
  name: 'topic',
  name_localizations: { 'zh-CN': '题目' },
  description: 'Talk titles',
  description_localizations: { 'zh-CN': '分享题目' },
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: S.Subcommand,
      name: 'set',
      name_localizations: { 'zh-CN': '提交' },
      description: 'Set the title of your talk (without a title, a form opens)',
      description_localizations: { 'zh-CN': '提交你的分享题目（不填题目会打开表单）' },
      options: [
        {
          type: S.String,
          name: 'title',
          name_localizations: { 'zh-CN': '题目' },
          description: 'The title, at most 200 characters',
          description_localizations: { 'zh-CN': '题目，最多 200 个字符' },
          max_length: TITLE_MAX,
        },
        meetingOption(false, 'Date of the meeting; default: your next slot', '例会日期；默认你的下一个名额'),
      ],
    },
    {
      type: S.Subcommand,
      name: 'list',
      name_localizations: { 'zh-CN': '列表' },
      description: 'The titles of a meeting',
      description_localizations: { 'zh-CN': '查看一次例会的题目' },
      options: [meetingOption(false, 'Date of the meeting; default: the next one', '例会日期；默认下一次')],
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

/** The title form: one line, at most 200 characters, prefilled with the current title. */
export function titleModal(meetingId: number, currentTitle: string | null, lang: Language): ModalBuilder {
  const input = new TextInputBuilder()
    .setCustomId(TITLE_INPUT)
    .setStyle(TextInputStyle.Short)
    .setMaxLength(TITLE_MAX)
    .setRequired(true)
    .setPlaceholder(t(lang, 'form.title.placeholder'));
  if (currentTitle !== null && currentTitle.length <= TITLE_MAX) input.setValue(currentTitle);
  return new ModalBuilder()
    .setCustomId(encodeCustomId({ kind: 'title-form', meetingId }))
    .setTitle(t(lang, 'form.title.heading'))
    .addLabelComponents(
      new LabelBuilder().setLabel(t(lang, 'form.title.label')).setTextInputComponent(input),
    );
}

export const topic = {
  definition: topicCommand,
  execute: bySubcommand(topicCommand, {
    async set(i, { ctx, lang }) {
      const title = text(i, 'title');
      const meeting = given({ meeting: text(i, 'meeting') });
      if (title === undefined) {
        const target = await titleFormTarget(ctx, meeting);
        return { kind: 'modal', modal: titleModal(target.meetingId, target.currentTitle, lang) };
      }
      return privately(renderTitleSet(await setTitle(ctx, { title, ...meeting }), lang));
    },
    async list(i, { ctx, lang }) {
      return privately(renderMeeting(await showMeeting(ctx, given({ meeting: text(i, 'meeting') })), lang));
    },
  }),
};
