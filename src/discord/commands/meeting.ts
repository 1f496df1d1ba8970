import type { Role } from 'discord.js';
import {
  type APIRole,
  ApplicationCommandOptionType,
  ChannelType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { listHistory } from '../../app/listHistory.ts';
import { listSchedule } from '../../app/listSchedule.ts';
import { calendarOf } from '../../app/meetingCalendar.ts';
import { pauseMeetings } from '../../app/pauseMeetings.ts';
import { postponeMeeting } from '../../app/postponeMeeting.ts';
import { resumeMeetings } from '../../app/resumeMeetings.ts';
import { setMeetingLocation } from '../../app/setMeetingLocation.ts';
import { type RoleChoice, setOrganiserRole } from '../../app/setOrganiserRole.ts';
import { setReminders } from '../../app/setReminders.ts';
import { DURATION_MAX, DURATION_MIN, setupSeries } from '../../app/setupSeries.ts';
import { shareSeries } from '../../app/shareSeries.ts';
import { showMeeting } from '../../app/showMeeting.ts';
import { showReminders } from '../../app/showReminders.ts';
import { skipMeeting } from '../../app/skipMeeting.ts';
import { LOCATION_MAX } from '../../domain/user-input.ts';
import { renderCalendarReply } from '../../render/attachments.ts';
import { renderCalendar } from '../../render/calendar.ts';
import { renderHistory } from '../../render/history.ts';
import { presenterIds } from '../../render/parts.ts';
import { renderReminders } from '../../render/reminders.ts';
import {
  renderLocationSet,
  renderMeeting,
  renderOrganiserRole,
  renderPaused,
  renderPostponed,
  renderResumed,
  renderSchedule,
  renderSetup,
  renderSkipped,
} from '../../render/replies.ts';
import { renderShare } from '../../render/share.ts';
import { privately, withNames } from '../answer.ts';
import { bySubcommand, given, integer, text } from '../options.ts';
import { meetingOption, reasonOption, weekdayChoices } from './shared.ts';

const S = ApplicationCommandOptionType;

/** A role option as Podium needs it: its id, and whether a bot or an integration manages it. */
function roleChoice(role: Role | APIRole): RoleChoice {
  // discord.js's Role names its tags in camel case; a raw API role in snake case.
  const tags = (role.tags ?? {}) as Partial<
    Record<'botId' | 'bot_id' | 'integrationId' | 'integration_id', string>
  >;
  const byBot = tags.botId ?? tags.bot_id ?? tags.integrationId ?? tags.integration_id;
  return { id: role.id, managed: role.managed || byBot !== undefined };
}

/** A reminder's offset: how long before the meeting it goes out (`2d`, `36h`, `90m`), or `off`. */
function reminderOption<N extends string>(name: N, zhName: string, what: string, zhWhat: string) {
  return {
    type: S.String,
    name,
    name_localizations: { 'zh-CN': zhName },
    description: `How long before the meeting ${what} goes out (e.g. 2d, 36h, 90m), or off`,
    description_localizations: { 'zh-CN': `会前多久发送${zhWhat}（例如 2d、36h、90m），或 off 关闭` },
    max_length: 20,
  } as const;
}

export const meetingCommand = {
  name: 'meeting',
  name_localizations: { 'zh-CN': '例会' },
  description: 'The meeting series of this channel: set it up, see it, change the plan',
  description_localizations: { 'zh-CN': '本频道的例会：设置、查看和调整安排' },
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: S.Subcommand,
      name: 'setup',
      name_localizations: { 'zh-CN': '设置' },
      description: 'Create or update the meeting series of a channel (organisers)',
      description_localizations: { 'zh-CN': '创建或更新某个频道的例会（组织者）' },
      options: [
        {
          type: S.Channel,
          name: 'channel',
          name_localizations: { 'zh-CN': '频道' },
          description: 'The channel of the series; commands used there act on it',
          description_localizations: { 'zh-CN': '例会所属的频道；在该频道使用的命令都作用于这个例会' },
          channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement],
          required: true,
        },
        {
          type: S.Integer,
          name: 'weekday',
          name_localizations: { 'zh-CN': '星期' },
          description: 'Day of the week of the meetings',
          description_localizations: { 'zh-CN': '每周的哪一天开会' },
          choices: weekdayChoices,
          required: true,
        },
        {
          type: S.String,
          name: 'time',
          name_localizations: { 'zh-CN': '时间' },
          description: 'Start time, HH:mm (24-hour), e.g. 21:00',
          description_localizations: { 'zh-CN': '开始时间，24 小时制 HH:mm，例如 21:00' },
          required: true,
        },
        {
          type: S.String,
          name: 'timezone',
          name_localizations: { 'zh-CN': '时区' },
          description: 'IANA timezone, e.g. Asia/Shanghai',
          description_localizations: { 'zh-CN': 'IANA 时区，例如 Asia/Shanghai' },
          autocomplete: true,
          required: true,
        },
        {
          type: S.Integer,
          name: 'every_weeks',
          name_localizations: { 'zh-CN': '间隔周数' },
          description: 'Meet every N weeks (1–52)',
          description_localizations: { 'zh-CN': '每隔几周开一次（1–52）' },
          min_value: 1,
          max_value: 52,
          required: true,
        },
        {
          type: S.String,
          name: 'start',
          name_localizations: { 'zh-CN': '首次日期' },
          description: 'Date of the first meeting, YYYY-MM-DD',
          description_localizations: { 'zh-CN': '第一次例会的日期，YYYY-MM-DD' },
          required: true,
        },
        {
          type: S.String,
          name: 'link',
          name_localizations: { 'zh-CN': '链接' },
          description:
            'Where to join: a link, or e.g. 腾讯会议 586-9766-3285 or Zoom 812 3456 7890, passcode 4321',
          description_localizations: {
            'zh-CN': '参会方式：链接，或如 腾讯会议 586-9766-3285、Zoom 812 3456 7890 密码 4321',
          },
          max_length: LOCATION_MAX,
        },
        {
          type: S.Integer,
          name: 'presenters',
          name_localizations: { 'zh-CN': '主讲人数' },
          description: 'Presenters per meeting (default 2)',
          description_localizations: { 'zh-CN': '每次例会的主讲人数（默认 2）' },
          min_value: 1,
          max_value: 10,
        },
        {
          type: S.String,
          name: 'language',
          name_localizations: { 'zh-CN': '语言' },
          description: 'Language of the posts in the channel',
          description_localizations: { 'zh-CN': '频道消息使用的语言' },
          choices: [
            { name: 'Simplified Chinese', name_localizations: { 'zh-CN': '简体中文' }, value: 'zh-CN' },
            { name: 'English', name_localizations: { 'zh-CN': '英语' }, value: 'en' },
          ],
        },
        {
          type: S.String,
          name: 'name',
          name_localizations: { 'zh-CN': '名称' },
          description: 'Name of the series, e.g. Kernel SIG meeting',
          description_localizations: { 'zh-CN': '例会名称，例如：内核 SIG 例会' },
          max_length: 100,
        },
        {
          type: S.Channel,
          name: 'topic_channel',
          name_localizations: { 'zh-CN': '题目频道' },
          description: 'Channel or thread where presenters can simply post their titles',
          description_localizations: { 'zh-CN': '主讲人可以直接发消息提交题目的频道或子区' },
          channel_types: [
            ChannelType.GuildText,
            ChannelType.GuildAnnouncement,
            ChannelType.PublicThread,
            ChannelType.PrivateThread,
            ChannelType.AnnouncementThread,
          ],
        },
        {
          type: S.Integer,
          name: 'duration',
          name_localizations: { 'zh-CN': '时长' },
          description: `Length of a meeting in minutes (${DURATION_MIN}–${DURATION_MAX}, default 60)`,
          description_localizations: {
            'zh-CN': `每次例会的时长，单位分钟（${DURATION_MIN}–${DURATION_MAX}，默认 60）`,
          },
          min_value: DURATION_MIN,
          max_value: DURATION_MAX,
        },
        {
          type: S.Boolean,
          name: 'clear_topic_channel',
          name_localizations: { 'zh-CN': '清除题目频道' },
          description: 'True: no topic channel any more (titles only with /topic set)',
          description_localizations: { 'zh-CN': '设为 True：不再使用题目频道（只能用 /topic set 提交题目）' },
        },
        {
          type: S.Integer,
          name: 'mirror_events',
          name_localizations: { 'zh-CN': '同步活动数' },
          description:
            "How many upcoming meetings are shown in the server's Events (0–8, default 2; 0 = off)",
          description_localizations: {
            'zh-CN': '在服务器“活动”中显示接下来几次例会（0–8，默认 2；0 表示关闭）',
          },
          min_value: 0,
          max_value: 8,
        },
      ],
    },
    {
      type: S.Subcommand,
      name: 'show',
      name_localizations: { 'zh-CN': '查看' },
      description: 'Time, link, presenters and titles of a meeting',
      description_localizations: { 'zh-CN': '查看一次例会的时间、链接、主讲人和题目' },
      options: [meetingOption(false, 'Date of the meeting; default: the next one', '例会日期；默认下一次')],
    },
    {
      type: S.Subcommand,
      name: 'schedule',
      name_localizations: { 'zh-CN': '安排' },
      description: 'The upcoming meetings and their presenters',
      description_localizations: { 'zh-CN': '即将举行的例会及主讲人' },
      options: [
        {
          type: S.Integer,
          name: 'count',
          name_localizations: { 'zh-CN': '数量' },
          description: 'How many meetings (1–25, default 8)',
          description_localizations: { 'zh-CN': '显示几次例会（1–25，默认 8）' },
          min_value: 1,
          max_value: 25,
        },
      ],
    },
    {
      type: S.Subcommand,
      name: 'postpone',
      name_localizations: { 'zh-CN': '改期' },
      description: 'Move a meeting to another time (organisers)',
      description_localizations: { 'zh-CN': '把一次例会改到其他时间（组织者）' },
      options: [
        meetingOption(true, 'Date of the meeting to move', '要改期的例会日期'),
        {
          type: S.String,
          name: 'to',
          name_localizations: { 'zh-CN': '改到' },
          description: 'New date and time, YYYY-MM-DD HH:mm, in the series timezone',
          description_localizations: { 'zh-CN': '新的日期和时间，YYYY-MM-DD HH:mm，按例会的时区' },
          required: true,
        },
        reasonOption,
      ],
    },
    {
      type: S.Subcommand,
      name: 'skip',
      name_localizations: { 'zh-CN': '跳过' },
      description: 'Cancel one meeting; its presenters move to the next (organisers)',
      description_localizations: { 'zh-CN': '取消一次例会，主讲人顺延到下一次（组织者）' },
      options: [meetingOption(true, 'Date of the meeting to cancel', '要取消的例会日期'), reasonOption],
    },
    {
      type: S.Subcommand,
      name: 'pause',
      name_localizations: { 'zh-CN': '暂停' },
      description: 'No meetings from one date until another (organisers)',
      description_localizations: { 'zh-CN': '在两个日期之间暂停例会（组织者）' },
      options: [
        {
          type: S.String,
          name: 'from',
          name_localizations: { 'zh-CN': '开始' },
          description: 'First day of the pause, YYYY-MM-DD',
          description_localizations: { 'zh-CN': '暂停的第一天，YYYY-MM-DD' },
          required: true,
        },
        {
          type: S.String,
          name: 'until',
          name_localizations: { 'zh-CN': '结束' },
          description: 'Last day of the pause, YYYY-MM-DD',
          description_localizations: { 'zh-CN': '暂停的最后一天，YYYY-MM-DD' },
          required: true,
        },
        reasonOption,
      ],
    },
    {
      type: S.Subcommand,
      name: 'resume',
      name_localizations: { 'zh-CN': '恢复' },
      description: 'End the current pause now (organisers)',
      description_localizations: { 'zh-CN': '立即结束当前的暂停（组织者）' },
    },
    {
      type: S.Subcommand,
      name: 'link',
      name_localizations: { 'zh-CN': '链接' },
      description: 'Set the meeting link or number shown in agendas (organisers)',
      description_localizations: { 'zh-CN': '设置议程中显示的会议链接或会议号（组织者）' },
      options: [
        {
          type: S.String,
          name: 'url',
          name_localizations: { 'zh-CN': '地址' },
          description:
            'A link, or the meeting number as you write it, e.g. 腾讯会议 586-9766-3285 (one line)',
          description_localizations: {
            'zh-CN': '链接，或按习惯写的会议号，例如 腾讯会议 586-9766-3285（一行）',
          },
          max_length: LOCATION_MAX,
          required: true,
        },
      ],
    },
    {
      type: S.Subcommand,
      name: 'organisers',
      name_localizations: { 'zh-CN': '组织者' },
      description: 'Set or clear the organiser role of this server (organisers)',
      description_localizations: { 'zh-CN': '设置或清除本服务器的组织者身份组（组织者）' },
      options: [
        {
          type: S.Role,
          name: 'role',
          name_localizations: { 'zh-CN': '身份组' },
          description: 'Members with this role count as organisers; leave empty to clear',
          description_localizations: { 'zh-CN': '拥有此身份组的成员视为组织者；留空则清除' },
        },
      ],
    },
    {
      type: S.Subcommand,
      name: 'calendar',
      name_localizations: { 'zh-CN': '日历' },
      description: 'A calendar file (.ics) of the upcoming meetings',
      description_localizations: { 'zh-CN': '即将举行的例会的日历文件（.ics）' },
    },
    {
      type: S.Subcommand,
      name: 'share',
      name_localizations: { 'zh-CN': '分享' },
      description: 'The season page and calendar feed links of this series (organisers)',
      description_localizations: { 'zh-CN': '本例会的赛季页面和日历订阅链接（组织者）' },
      options: [
        {
          type: S.Boolean,
          name: 'reset',
          name_localizations: { 'zh-CN': '重置' },
          description: 'Make new links; the old ones stop working',
          description_localizations: { 'zh-CN': '生成新链接，旧链接随即失效' },
        },
      ],
    },
    {
      type: S.Subcommand,
      name: 'history',
      name_localizations: { 'zh-CN': '历史' },
      description: 'The latest changes: who changed what, when (organisers)',
      description_localizations: { 'zh-CN': '最近的变更：谁在什么时候改了什么（组织者）' },
      options: [
        {
          type: S.Integer,
          name: 'count',
          name_localizations: { 'zh-CN': '数量' },
          description: 'How many changes (1–25, default 10)',
          description_localizations: { 'zh-CN': '显示几条变更（1–25，默认 10）' },
          min_value: 1,
          max_value: 25,
        },
      ],
    },
    {
      type: S.Subcommand,
      name: 'reminders',
      name_localizations: { 'zh-CN': '提醒' },
      description: 'When each reminder goes out, e.g. 2d, 36h, 90m, or off (organisers)',
      description_localizations: { 'zh-CN': '设置各项提醒的发送时间，例如 2d、36h、90m 或 off（组织者）' },
      options: [
        reminderOption('title_request', '征集题目', 'the title request', '征集题目提醒'),
        reminderOption('title_nudge', '催交题目', 'the title reminder', '题目催交提醒'),
        reminderOption('agenda', '议程', 'the agenda', '会议议程'),
        {
          type: S.String,
          name: 'follow_up',
          name_localizations: { 'zh-CN': '会后跟进' },
          description: 'How long after the meeting the follow-up goes out (e.g. 2h), or off',
          description_localizations: { 'zh-CN': '会后多久发送跟进消息（例如 2h），或 off 关闭' },
          max_length: 20,
        },
      ],
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const meeting = {
  definition: meetingCommand,
  execute: bySubcommand(meetingCommand, {
    async setup(i, { ctx, lang }) {
      const result = await setupSeries(ctx, {
        channelId: i.options.getChannel('channel', true).id,
        weekday: i.options.getInteger('weekday', true),
        time: i.options.getString('time', true),
        timezone: i.options.getString('timezone', true),
        everyWeeks: i.options.getInteger('every_weeks', true),
        start: i.options.getString('start', true),
        ...given({
          link: text(i, 'link'),
          presenters: integer(i, 'presenters'),
          language: text(i, 'language'),
          name: text(i, 'name'),
          topicChannelId: i.options.getChannel('topic_channel')?.id,
          duration: integer(i, 'duration'),
          clearTopicChannel: i.options.getBoolean('clear_topic_channel') ?? undefined,
          mirrorEvents: integer(i, 'mirror_events'),
        }),
      });
      return privately(renderSetup(result, result.upcoming, lang));
    },
    async show(i, { ctx, lang }) {
      return privately(renderMeeting(await showMeeting(ctx, given({ meeting: text(i, 'meeting') })), lang));
    },
    async schedule(i, { ctx, lang }) {
      return privately(renderSchedule(await listSchedule(ctx, given({ count: integer(i, 'count') })), lang));
    },
    async postpone(i, { ctx, lang }) {
      const { series, meeting } = await postponeMeeting(ctx, {
        meeting: i.options.getString('meeting', true),
        to: i.options.getString('to', true),
        ...given({ reason: text(i, 'reason') }),
      });
      return privately(renderPostponed(meeting, series, lang));
    },
    async skip(i, { ctx, lang }) {
      const { series, meeting } = await skipMeeting(ctx, {
        meeting: i.options.getString('meeting', true),
        ...given({ reason: text(i, 'reason') }),
      });
      return privately(renderSkipped(meeting, series, lang));
    },
    async pause(i, { ctx, lang }) {
      const { series, pause } = await pauseMeetings(ctx, {
        from: i.options.getString('from', true),
        until: i.options.getString('until', true),
        ...given({ reason: text(i, 'reason') }),
      });
      return privately(renderPaused(pause, series, lang));
    },
    async resume(_i, { ctx, lang }) {
      const resumed = await resumeMeetings(ctx);
      return privately(renderResumed(resumed, resumed.series, lang));
    },
    async link(i, { ctx, lang }) {
      const location = i.options.getString('url', true);
      return privately(renderLocationSet(await setMeetingLocation(ctx, { location }), lang));
    },
    async organisers(i, { ctx, lang }) {
      const role = i.options.getRole('role');
      return privately(
        renderOrganiserRole(
          await setOrganiserRole(ctx, { role: role === null ? null : roleChoice(role) }),
          lang,
        ),
      );
    },
    async calendar(_i, { ctx, lang }) {
      const { series, views } = await calendarOf(ctx);
      return withNames(
        views.flatMap((v) => presenterIds(v)),
        (names) => {
          const reply = renderCalendarReply(
            series,
            views,
            renderCalendar(series, views, names, ctx.now),
            lang,
          );
          return privately(reply.payload, [reply.file]);
        },
      );
    },
    async share(i, { ctx, lang }) {
      return privately(
        renderShare(await shareSeries(ctx, { reset: i.options.getBoolean('reset') === true }), lang),
      );
    },
    async history(i, { ctx, lang }) {
      const { series, entries } = await listHistory(ctx, given({ count: integer(i, 'count') }));
      return privately(renderHistory(series, entries, lang));
    },
    async reminders(i, { ctx, lang }) {
      const input = given({
        titleRequest: text(i, 'title_request'),
        titleNudge: text(i, 'title_nudge'),
        agenda: text(i, 'agenda'),
        followUp: text(i, 'follow_up'),
      });
      if (Object.keys(input).length > 0)
        return privately(renderReminders(await setReminders(ctx, input), true, lang));
      // Nothing to change: the settings as they are.
      return privately(renderReminders(await showReminders(ctx), false, lang));
    },
  }),
};
