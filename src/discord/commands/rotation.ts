import {
  ApplicationCommandOptionType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { addMember } from '../../app/addMember.ts';
import { listRoster } from '../../app/listRoster.ts';
import { moveMember } from '../../app/moveMember.ts';
import { removeMember } from '../../app/removeMember.ts';
import {
  renderMemberAdded,
  renderMemberMoved,
  renderMemberRemoved,
  renderRoster,
} from '../../render/replies.ts';
import { privately } from '../answer.ts';
import { bySubcommand, given, integer, text } from '../options.ts';

const S = ApplicationCommandOptionType;

const userOption = {
  type: S.User,
  name: 'user',
  name_localizations: { 'zh-CN': '成员' },
  description: 'The member',
  description_localizations: { 'zh-CN': '成员' },
  required: true,
} as const;

export const rotationCommand = {
  name: 'rotation',
  name_localizations: { 'zh-CN': '轮值' },
  description: 'The presenter rotation: who presents, in which order',
  description_localizations: { 'zh-CN': '主讲人轮值名单：谁来分享、按什么顺序' },
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: S.Subcommand,
      name: 'add',
      name_localizations: { 'zh-CN': '添加' },
      description: 'Add a member to the rotation (organisers)',
      description_localizations: { 'zh-CN': '把成员加入轮值名单（组织者）' },
      options: [
        userOption,
        {
          type: S.String,
          name: 'group',
          name_localizations: { 'zh-CN': '小组' },
          description: 'Their group, e.g. Virtualization',
          description_localizations: { 'zh-CN': '所属小组，例如：虚拟化' },
          max_length: 40,
        },
        {
          type: S.Integer,
          name: 'position',
          name_localizations: { 'zh-CN': '位置' },
          description: 'Place in the rotation (1 = first); default: the end',
          description_localizations: { 'zh-CN': '在名单中的位置（1 为第一位）；默认排在最后' },
          min_value: 1,
        },
      ],
    },
    {
      type: S.Subcommand,
      name: 'remove',
      name_localizations: { 'zh-CN': '移除' },
      description: 'Remove a member from the rotation (organisers)',
      description_localizations: { 'zh-CN': '把成员移出轮值名单（组织者）' },
      options: [userOption],
    },
    {
      type: S.Subcommand,
      name: 'move',
      name_localizations: { 'zh-CN': '调整' },
      description: 'Move a member to another place in the rotation (organisers)',
      description_localizations: { 'zh-CN': '调整成员在轮值名单中的位置（组织者）' },
      options: [
        userOption,
        {
          type: S.Integer,
          name: 'position',
          name_localizations: { 'zh-CN': '位置' },
          description: 'New place in the rotation (1 = first)',
          description_localizations: { 'zh-CN': '新的位置（1 为第一位）' },
          min_value: 1,
          required: true,
        },
      ],
    },
    {
      type: S.Subcommand,
      name: 'list',
      name_localizations: { 'zh-CN': '名单' },
      description: 'The rotation in order, with groups and turns taken',
      description_localizations: { 'zh-CN': '按顺序列出轮值名单、小组和已分享次数' },
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const rotation = {
  definition: rotationCommand,
  execute: bySubcommand(rotationCommand, {
    async add(i, { ctx, lang }) {
      const user = i.options.getUser('user', true);
      const member = await addMember(ctx, {
        userId: user.id,
        isBot: user.bot,
        ...given({ group: text(i, 'group'), position: integer(i, 'position') }),
      });
      return privately(renderMemberAdded(member, lang));
    },
    async remove(i, { ctx, lang }) {
      return privately(
        renderMemberRemoved(await removeMember(ctx, { userId: i.options.getUser('user', true).id }), lang),
      );
    },
    async move(i, { ctx, lang }) {
      const member = await moveMember(ctx, {
        userId: i.options.getUser('user', true).id,
        position: i.options.getInteger('position', true),
      });
      return privately(renderMemberMoved(member, lang));
    },
    async list(_i, { ctx, lang }) {
      return privately(renderRoster(await listRoster(ctx), lang));
    },
  }),
};
