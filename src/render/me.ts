/** Replies to `/me`: a member's own away periods, direct messages and talks. Pure; pings nobody. */
import type { BackResult } from '../app/comeBack.ts';
import type { AwayResult } from '../app/goAway.ts';
import type { MyTalksView } from '../app/myTalks.ts';
import type { Language } from '../domain/model.ts';
import { COLOR, joinList, lines, shownText, titleText, translator } from './parts.ts';
import {
  channelMention,
  LIMITS,
  type MessagePayload,
  packLines,
  payload,
  truncateText,
  ts,
} from './payload.ts';

export function renderAwaySet(result: AwayResult, lang: Language): MessagePayload {
  const tr = translator(lang);
  const { period } = result;
  const dates = (list: readonly number[]) =>
    joinList(
      tr,
      list.map((at) => ts(at, 'D')),
    );
  return payload({
    content: lines(
      tr('reply.away.set', {
        series: shownText(result.series.name),
        from: period.fromDate,
        until: period.untilDate,
      }),
      result.replanned.length > 0 && tr('reply.away.replanned', { dates: dates(result.replanned) }),
      result.released.length > 0 && tr('reply.away.released', { dates: dates(result.released) }),
      tr('reply.away.keepsTurn'),
      tr('reply.away.undo'),
    ),
  });
}

export function renderBack(result: BackResult, lang: Language): MessagePayload {
  const tr = translator(lang);
  const params = { from: result.period.fromDate, until: result.period.untilDate, back: result.backFrom };
  return payload({
    content: lines(
      tr(result.cancelled ? 'reply.back.cancelled' : 'reply.back.ended', params),
      tr('reply.back.plan'),
    ),
  });
}

export function renderDmSet(result: { enabled: boolean }, lang: Language): MessagePayload {
  const tr = translator(lang);
  return payload({
    content: result.enabled ? lines(tr('reply.dm.on'), tr('reply.dm.onHint')) : tr('reply.dm.off'),
  });
}

/** `/me talks`: one line per upcoming talk (Discord timestamps), and the calendar feed when there is one. */
export function renderMyTalks(view: MyTalksView, lang: Language): MessagePayload {
  const tr = translator(lang);
  const title = tr('reply.talks.title', { count: view.talks.length });
  const feedLine = view.feedUrl === undefined ? null : tr('reply.talks.feed', { url: view.feedUrl });
  const awayLines = view.away.map((p) =>
    tr('reply.talks.away', { from: p.fromDate, until: p.untilDate, series: shownText(p.series.name, 100) }),
  );
  const feed = lines(...awayLines, feedLine) || null;
  const rows = view.talks.map((talk) =>
    tr('reply.talks.line', {
      when: ts(talk.startsAt, 'F'),
      relative: ts(talk.startsAt, 'R'),
      series: shownText(talk.series.name, 100),
      channel: channelMention(talk.series.channelId),
      title: titleText(tr, talk.title),
    }),
  );
  if (rows.length === 0) {
    return payload({
      embeds: [{ title, description: lines(tr('reply.talks.none'), feed), color: COLOR.muted }],
    });
  }
  const budget = LIMITS.embedTotal - truncateText(title, LIMITS.embedTitle).length - (feed?.length ?? 0) - 1;
  const { description, fields } = packLines(rows, budget, (count) => tr('reply.talks.more', { count }));
  return payload({
    embeds: [
      {
        title,
        description: lines(description, feed !== null && '', feed),
        ...(fields.length > 0 ? { fields } : {}),
        color: COLOR.accent,
      },
    ],
  });
}
