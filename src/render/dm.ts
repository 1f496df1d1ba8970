/**
 * Personal reminders by direct message (`/me dm on`): the member's own title
 * request, nudge and agenda, in the member's language. Pure; pings nobody
 * (a direct message notifies its reader anyway).
 */
import type { MeetingView } from '../app/views.ts';
import type { Language } from '../domain/model.ts';
import { meetingEnd, titleDeadline } from '../domain/reminders.ts';
import { COLOR, lines, locationLine, shownText, slotLines, titleText, translator, when } from './parts.ts';
import { channelMention, isSnowflake, type MessagePayload, payload, ts } from './payload.ts';

export interface DmInput {
  kind: string;
  meeting: MeetingView;
  userId: string;
  lang: Language;
}

export function renderDmReminder(input: DmInput): MessagePayload {
  const tr = translator(input.lang);
  const { series, meeting } = input.meeting;
  const name = shownText(series.name);
  const at = when(tr, meeting.startsAt);
  const mine = input.meeting.slots.find((s) => s.userId === input.userId);
  const topic = series.topicChannelId;
  const how = isSnowflake(topic)
    ? tr('dm.how.both', { channel: channelMention(series.channelId), topic: channelMention(topic) })
    : tr('dm.how.command', { channel: channelMention(series.channelId) });
  const footer = tr('dm.footer');
  switch (input.kind) {
    case 'title_request':
      return payload({
        content: lines(
          tr('dm.titleRequest', { series: name, when: at }),
          tr('dm.deadline', { deadline: when(tr, titleDeadline(series, meeting)) }),
          how,
          '',
          footer,
        ),
      });
    case 'title_nudge':
      return payload({
        content: lines(
          tr('dm.titleNudge', { series: name, when: at }),
          tr('dm.deadline', { deadline: when(tr, titleDeadline(series, meeting)) }),
          how,
          '',
          footer,
        ),
      });
    case 'agenda':
      return payload({
        content: tr('dm.agenda', { series: name, relative: ts(meeting.startsAt, 'R') }),
        embeds: [
          {
            title: tr('post.agenda.title', { series: name }),
            description: lines(
              tr('post.agenda.time', { when: at, end: ts(meetingEnd(series, meeting), 't') }),
              locationLine(tr, series.link, false),
              tr('dm.yourTalk', { title: titleText(tr, mine?.title ?? null) }),
              '',
              tr('post.agenda.talks'),
              ...slotLines(tr, input.meeting),
              '',
              footer,
            ),
            color: COLOR.accent,
            timestamp: new Date(meeting.startsAt).toISOString(),
          },
        ],
      });
    default:
      throw new Error(`renderDmReminder: no direct message for ${input.kind}`);
  }
}
