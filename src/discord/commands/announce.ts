import {
  ApplicationCommandOptionType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { announceDraft } from '../../app/announceDraft.ts';
import { renderAnnouncement } from '../../render/announcement.ts';
import { renderAnnounceDraft } from '../../render/attachments.ts';
import { presenterIds } from '../../render/parts.ts';
import { privately, withNames } from '../answer.ts';
import { bySubcommand, given, text } from '../options.ts';
import { meetingOption } from './shared.ts';

export const announceCommand = {
  name: 'announce',
  name_localizations: { 'zh-CN': '公告' },
  description: 'Announcements of the meetings, for newsletters and social posts',
  description_localizations: { 'zh-CN': '例会公告，用于简报和社交媒体' },
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'draft',
      name_localizations: { 'zh-CN': '草稿' },
      description: 'Announcement text of a meeting, ready to paste (organisers)',
      description_localizations: { 'zh-CN': '生成一次例会的公告文字，可直接粘贴（组织者）' },
      options: [meetingOption(false, 'Date of the meeting; default: the next one', '例会日期；默认下一次')],
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const announce = {
  definition: announceCommand,
  execute: bySubcommand(announceCommand, {
    async draft(i, { ctx, lang }) {
      const view = await announceDraft(ctx, given({ meeting: text(i, 'meeting') }));
      return withNames(presenterIds(view), (names) => {
        // The text is in the series language; the words around it in the reader's.
        const reply = renderAnnounceDraft(view, renderAnnouncement(view, names), lang);
        return privately(reply.payload, reply.file ? [reply.file] : []);
      });
    },
  }),
};
