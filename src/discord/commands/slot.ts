import {
  ApplicationCommandOptionType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { withdrawSwapWith } from '../../app/answerSwap.ts';
import { assignSlot } from '../../app/assignSlot.ts';
import { claimSlot } from '../../app/claimSlot.ts';
import { releaseSlot } from '../../app/releaseSlot.ts';
import { requestSwap } from '../../app/requestSwap.ts';
import {
  renderAssigned,
  renderClaimed,
  renderReleased,
  renderSwapCancelled,
  renderSwapSent,
} from '../../render/replies.ts';
import { privately } from '../answer.ts';
import { bySubcommand, given, text } from '../options.ts';
import { meetingOption } from './shared.ts';

const S = ApplicationCommandOptionType;

export const slotCommand = {
  name: 'slot',
  name_localizations: { 'zh-CN': '名额' },
  description: 'Claim, release or swap a presenter slot',
  description_localizations: { 'zh-CN': '认领、放弃或交换分享名额' },
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: S.Subcommand,
      name: 'claim',
      name_localizations: { 'zh-CN': '认领' },
      description: 'Take an open slot',
      description_localizations: { 'zh-CN': '认领一个空出的名额' },
      options: [
        meetingOption(
          false,
          'Date of the meeting; default: the next with an open slot',
          '例会日期；默认下一个有空名额的例会',
        ),
      ],
    },
    {
      type: S.Subcommand,
      name: 'release',
      name_localizations: { 'zh-CN': '放弃' },
      description: 'Give up your slot; you keep your turn',
      description_localizations: { 'zh-CN': '放弃你的名额；你的分享机会会保留' },
      options: [
        meetingOption(false, 'Date of the meeting; default: your next slot', '例会日期；默认你的下一个名额'),
      ],
    },
    {
      type: S.Subcommand,
      name: 'swap',
      name_localizations: { 'zh-CN': '交换' },
      description: 'Ask another member to swap slots with you',
      description_localizations: { 'zh-CN': '请另一位成员和你交换名额' },
      options: [
        {
          type: S.User,
          name: 'with',
          name_localizations: { 'zh-CN': '对象' },
          description: 'The member to ask',
          description_localizations: { 'zh-CN': '要询问的成员' },
          required: true,
        },
        meetingOption(
          false,
          'Date of your slot to swap; default: your next slot',
          '要交换的名额所在的例会日期；默认你的下一个名额',
        ),
        {
          type: S.Boolean,
          name: 'withdraw',
          name_localizations: { 'zh-CN': '撤回' },
          description: 'True: withdraw your pending request to this member (for that meeting, if given)',
          description_localizations: {
            'zh-CN': '设为 True：撤回你发给这位成员、尚未回复的请求（可指定例会）',
          },
        },
      ],
    },
    {
      type: S.Subcommand,
      name: 'assign',
      name_localizations: { 'zh-CN': '指派' },
      description: 'Put a member in a slot of a meeting (organisers)',
      description_localizations: { 'zh-CN': '把成员安排到某次例会（组织者）' },
      options: [
        meetingOption(true, 'Date of the meeting', '例会日期'),
        {
          type: S.User,
          name: 'user',
          name_localizations: { 'zh-CN': '成员' },
          description: 'The member to put in the meeting',
          description_localizations: { 'zh-CN': '要安排的成员' },
          required: true,
        },
      ],
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const slot = {
  definition: slotCommand,
  execute: bySubcommand(slotCommand, {
    async claim(i, { ctx, lang }) {
      return privately(renderClaimed(await claimSlot(ctx, given({ meeting: text(i, 'meeting') })), lang));
    },
    async release(i, { ctx, lang }) {
      // The call for a volunteer goes out as the release notice, with its Claim button.
      return privately(renderReleased(await releaseSlot(ctx, given({ meeting: text(i, 'meeting') })), lang));
    },
    async swap(i, { ctx, lang }) {
      const other = i.options.getUser('with', true);
      if (i.options.getBoolean('withdraw') === true) {
        const outcome = await withdrawSwapWith(ctx, {
          withUserId: other.id,
          ...given({ meeting: text(i, 'meeting') }),
        });
        return privately(renderSwapCancelled(outcome, lang));
      }
      const request = await requestSwap(ctx, {
        withUserId: other.id,
        isBot: other.bot,
        ...given({ meeting: text(i, 'meeting') }),
      });
      // The request itself is posted in the channel, in the series language, pinging the asked member.
      return privately(renderSwapSent(request, lang));
    },
    async assign(i, { ctx, lang }) {
      const user = i.options.getUser('user', true);
      const view = await assignSlot(ctx, {
        meeting: i.options.getString('meeting', true),
        userId: user.id,
        isBot: user.bot,
      });
      return privately(renderAssigned(view, user.id, lang));
    },
  }),
};
