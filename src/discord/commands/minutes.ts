import { LabelBuilder, ModalBuilder, TextInputBuilder, TextInputStyle } from 'discord.js';
import {
  ApplicationCommandOptionType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { MINUTES_MAX, showMinutes } from '../../app/minutes.ts';
import { type MinutesFormTarget, minutesAddTarget, minutesEditTarget } from '../../app/minutesForm.ts';
import type { Language } from '../../domain/model.ts';
import { t } from '../../i18n/catalog.ts';
import type { Names } from '../../render/announcement.ts';
import { encodeCustomId } from '../../render/custom-ids.ts';
import { minutesFormTalks, minutesTemplate, renderMinutesList } from '../../render/minutes.ts';
import { presenterIds } from '../../render/parts.ts';
import { truncateText } from '../../render/payload.ts';
import { type Answer, privately, withNames } from '../answer.ts';
import { bySubcommand, given, text } from '../options.ts';
import { meetingOption } from './shared.ts';

const S = ApplicationCommandOptionType;

/** The custom id of the summary form's text input. */
export const MINUTES_INPUT = 'summary';

/** Discord's limit on a form's title: 45 characters. */
const MODAL_TITLE_MAX = 45;

const pastMeetingOption = meetingOption(
  false,
  'Date of the meeting; default: the latest that took place',
  '例会日期；默认最近一次已举行的例会',
);

export const minutesCommand = {
  name: 'minutes',
  name_localizations: { 'zh-CN': '纪要' },
  description: 'Meeting summaries: who presented what, notes and links',
  description_localizations: { 'zh-CN': '会议纪要：谁分享了什么、笔记和链接' },
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: S.Subcommand,
      name: 'add',
      name_localizations: { 'zh-CN': '添加' },
      description: 'Write the summary of a meeting (a form opens); adding again edits yours',
      description_localizations: { 'zh-CN': '填写一次例会的纪要（会打开表单）；再次添加会修改你之前写的' },
      options: [pastMeetingOption],
    },
    {
      type: S.Subcommand,
      name: 'show',
      name_localizations: { 'zh-CN': '查看' },
      description: 'The summaries of a meeting',
      description_localizations: { 'zh-CN': '查看一次例会的纪要' },
      options: [pastMeetingOption],
    },
    {
      type: S.Subcommand,
      name: 'edit',
      name_localizations: { 'zh-CN': '修改' },
      description: 'Edit a summary (a form opens): yours, or anyone’s for organisers',
      description_localizations: { 'zh-CN': '修改纪要（会打开表单）：自己的，组织者可以改任何人的' },
      options: [
        pastMeetingOption,
        {
          type: S.User,
          name: 'author',
          name_localizations: { 'zh-CN': '作者' },
          description: 'Whose summary to edit (organisers); default: yours',
          description_localizations: { 'zh-CN': '要修改谁写的纪要（组织者）；默认你自己的' },
        },
      ],
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

/**
 * The summary form: a paragraph of at most 4000 characters, the meeting's
 * talks shown above it, prefilled with the summary being edited or, for a new
 * one, a template naming the talks. Its custom id names the meeting (adding)
 * or the summary (editing).
 */
export function minutesModal(
  target: MinutesFormTarget,
  mode: 'add' | 'edit',
  names: Names,
  lang: Language,
): ModalBuilder {
  const value = target.minutes?.body ?? minutesTemplate(target, names, lang);
  const input = new TextInputBuilder()
    .setCustomId(MINUTES_INPUT)
    .setStyle(TextInputStyle.Paragraph)
    .setMinLength(1)
    .setMaxLength(MINUTES_MAX)
    .setRequired(true)
    .setPlaceholder(t(lang, 'form.minutes.placeholder'));
  if (value.length <= MINUTES_MAX) input.setValue(value);
  const label = new LabelBuilder().setLabel(t(lang, 'form.minutes.label')).setTextInputComponent(input);
  const talks = minutesFormTalks(target, names, lang);
  if (talks !== null) label.setDescription(talks);
  const heading = mode === 'edit' ? 'form.minutes.editHeading' : 'form.minutes.heading';
  return new ModalBuilder()
    .setCustomId(
      mode === 'edit' && target.minutes
        ? encodeCustomId({ kind: 'minutes-edit', minutesId: target.minutes.id })
        : encodeCustomId({ kind: 'minutes-add', meetingId: target.view.meeting.id }),
    )
    .setTitle(truncateText(t(lang, heading, { date: target.view.date }), MODAL_TITLE_MAX))
    .addLabelComponents(label);
}

/** Opens the summary form once the presenters' names are known. */
export function openMinutesForm(target: MinutesFormTarget, mode: 'add' | 'edit', lang: Language): Answer {
  return withNames(presenterIds(target.view), (names) => ({
    kind: 'modal',
    modal: minutesModal(target, mode, names, lang),
  }));
}

export const minutes = {
  definition: minutesCommand,
  execute: bySubcommand(minutesCommand, {
    async add(i, { ctx, lang }) {
      return openMinutesForm(
        await minutesAddTarget(ctx, given({ meeting: text(i, 'meeting') })),
        'add',
        lang,
      );
    },
    async show(i, { ctx, lang }) {
      return privately(
        renderMinutesList(await showMinutes(ctx, given({ meeting: text(i, 'meeting') })), lang),
      );
    },
    async edit(i, { ctx, lang }) {
      const target = await minutesEditTarget(
        ctx,
        given({ meeting: text(i, 'meeting'), authorId: i.options.getUser('author')?.id }),
      );
      return openMinutesForm(target, 'edit', lang);
    },
  }),
};
