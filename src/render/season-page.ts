/**
 * The season page: what the community used to keep in a hand-edited
 * document, rendered from the database as one server-side HTML page in the
 * series' language. It reads fully without its script (which only adds the
 * reader's own time beside the series' time), uses no asset from elsewhere,
 * and every piece of user text in it is escaped. Pure.
 */
import type { SeasonPage } from '../app/seasonPage.ts';
import type { MeetingView } from '../app/views.ts';
import { isCancelled, type Pause } from '../domain/model.ts';
import { type MessageKey, t } from '../i18n/catalog.ts';
import type { Names } from './announcement.ts';
import { longDateTime } from './local-time.ts';
import { sortedSlots } from './parts.ts';
import { paragraphs, safeHref, text, userText } from './season-page-html.ts';

export const STYLESHEET_PATH = '/assets/season.css';
export const SCRIPT_PATH = '/assets/local-time.js';

export interface SeasonPageLinks {
  /** The feed, relative to the page (`calendar.ics`) or absolute. */
  feed: string;
  /** The feed as `webcal:`, for calendar apps to subscribe to. */
  subscribe: string;
}

type Params = Record<string, string | number>;

export function renderSeasonPage(
  page: SeasonPage,
  names: Names,
  links: SeasonPageLinks,
  now: number,
): string {
  const { series } = page;
  const lang = series.language;
  const zone = series.timeZone;
  const tr = (key: MessageKey, params: Params = {}) => t(lang, key, params);
  /** A catalog message as HTML: escaped, with `fragments` (already HTML) put in for their placeholders. */
  const html = (key: MessageKey, params: Params = {}, fragments: Record<string, string> = {}) => {
    const names = Object.keys(fragments);
    const marks = names.map((_, i) => `\uE000${i}\uE001`);
    let out = text(tr(key, { ...params, ...Object.fromEntries(names.map((n, i) => [n, marks[i]!])) }));
    names.forEach((n, i) => {
      out = out.replace(marks[i]!, fragments[n]!);
    });
    return out;
  };
  const who = (id: string) => {
    const name = names.get(id);
    return name === undefined ? text(tr('web.unknownMember', { tail: id.slice(-4) })) : userText(name);
  };
  const groupOf = new Map(page.roster.map((r) => [r.userId, r.group]));
  const time = (at: number) =>
    `<time datetime="${new Date(at).toISOString()}">${text(longDateTime(at, zone, lang))}</time>`;
  const pauseOf = (id: number | null): Pause | undefined => page.pauses.find((p) => p.id === id);

  const meeting = (
    view: MeetingView & { minutes?: SeasonPage['past'][number]['minutes'] },
    past: boolean,
  ) => {
    const m = view.meeting;
    const cancelled = isCancelled(m);
    const status =
      m.status === 'scheduled' ? '' : ` <span class="status">${text(tr(`status.${m.status}`))}</span>`;
    const talks = sortedSlots(view).map((s) => {
      if (s.userId === null) return `<li class="talk open">${text(tr('web.openSlot'))}</li>`;
      const group = groupOf.get(s.userId);
      return [
        '<li class="talk">',
        `<span class="presenter">${who(s.userId)}</span>`,
        group ? ` <span class="group">${html('web.group', {}, { group: userText(group) })}</span>` : '',
        ' <span class="sep">—</span> ',
        s.title === null
          ? `<span class="title missing">${text(tr('web.titleToCome'))}</span>`
          : `<span class="title">${userText(s.title)}</span>`,
        '</li>',
      ].join('');
    });
    const reason = m.reason ?? (m.status === 'paused' ? (pauseOf(m.pauseId)?.reason ?? null) : null);
    const notes = [
      m.startsAt !== m.plannedAt
        ? `<p class="moved">${text(tr('web.movedFrom', { from: longDateTime(m.plannedAt, zone, lang) }))}</p>`
        : '',
      reason !== null && reason.trim() !== ''
        ? `<p class="reason">${html('web.reason', {}, { reason: userText(reason) })}</p>`
        : '',
    ].join('');
    const summaries =
      past && !cancelled
        ? view.minutes && view.minutes.length > 0
          ? view.minutes
              .map(
                (x) =>
                  `<article class="summary"><h4>${text(tr('web.summary'))}</h4><div class="body">${paragraphs(x.body)}</div><p class="by">${html(
                    'web.summaryBy',
                    { at: longDateTime(x.updatedAt, zone, lang) },
                    { name: who(x.authorId) },
                  )}</p></article>`,
              )
              .join('')
          : `<p class="no-summary">${text(tr('web.noSummary'))}</p>`
        : '';
    return [
      `<li class="meeting${cancelled ? ' cancelled' : ''}" data-meeting="${m.id}" data-status="${m.status}">`,
      `<h3 class="when">${time(m.startsAt)}${status}</h3>`,
      cancelled
        ? ''
        : talks.length > 0
          ? `<ul class="talks">${talks.join('')}</ul>`
          : `<p class="talks none">${text(tr('web.noPresenters'))}</p>`,
      notes,
      summaries,
      '</li>',
    ].join('');
  };

  const where = (() => {
    if (series.link === null || series.link.trim() === '')
      return `<p class="where">${text(tr('web.noLocation'))}</p>`;
    const href = safeHref(series.link);
    const shown = href
      ? `<a class="location" href="${text(href)}" rel="noopener noreferrer nofollow">${userText(series.link)}</a>`
      : `<span class="location">${userText(series.link)}</span>`;
    return `<p class="where">${text(tr('web.where'))} ${shown}</p>`;
  })();

  const groups = [...new Set(page.roster.flatMap((r) => (r.group ? [r.group] : [])))];
  const rotationText = html(
    'web.rotation.text',
    { presenters: series.presenters, members: page.roster.length },
    {
      groups:
        groups.length > 0
          ? html(
              'web.rotation.groups',
              {},
              { groups: groups.map(userText).join(text(tr('web.listSeparator'))) },
            )
          : '',
    },
  );

  const pauses = page.pauses.map(
    (p) =>
      `<li class="pause" data-pause="${p.id}">${text(tr('web.pause', { from: p.fromDate, until: p.untilDate }))}${
        p.endedAt !== null ? ` <span class="status">${text(tr('web.pause.ended'))}</span>` : ''
      }${p.reason ? ` <span class="reason">${userText(p.reason)}</span>` : ''}</li>`,
  );

  const weekday = tr(`weekday.${series.weekday}` as MessageKey);
  const clock = `${String(series.hour).padStart(2, '0')}:${String(series.minute).padStart(2, '0')}`;
  const title = tr('web.title', { series: series.name, from: page.from, to: page.to });

  return [
    '<!doctype html>',
    `<html lang="${lang}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    '<meta name="robots" content="noindex, nofollow">',
    `<title>${text(title)}</title>`,
    `<link rel="stylesheet" href="${STYLESHEET_PATH}">`,
    `<link rel="alternate" type="text/calendar" href="${text(links.feed)}">`,
    `<script src="${SCRIPT_PATH}" defer></script>`,
    '</head>',
    `<body data-zone="${text(zone)}" data-your-time="${text(tr('web.yourTime', { time: '{time}' }))}">`,
    '<header>',
    `<h1>${userText(series.name)}</h1>`,
    `<p class="season">${text(`${page.from} – ${page.to}`)}</p>`,
    `<p class="schedule">${text(
      tr('web.when', {
        every: series.everyWeeks === 1 ? tr('interval.one') : tr('interval.many', { n: series.everyWeeks }),
        weekday,
        time: clock,
        zone,
        duration: series.durationMin,
      }),
    )}</p>`,
    where,
    `<p class="subscribe"><a href="${text(links.subscribe)}">${text(tr('web.subscribe'))}</a> · <a href="${text(
      links.feed,
    )}" download>${text(tr('web.download'))}</a><br><small>${text(tr('web.subscribeHint'))}</small></p>`,
    '</header>',
    '<main>',
    `<section id="upcoming"><h2>${text(tr('web.upcoming.title'))}</h2>`,
    page.upcoming.length === 0
      ? `<p>${text(tr('web.upcoming.none'))}</p>`
      : `<ol class="meetings">${page.upcoming.map((v) => meeting(v, false)).join('')}</ol>`,
    '</section>',
    pauses.length > 0
      ? `<section id="pauses"><h2>${text(tr('web.pauses.title'))}</h2><ul>${pauses.join('')}</ul></section>`
      : '',
    `<section id="rotation"><h2>${text(tr('web.rotation.title'))}</h2><p>${rotationText}</p>`,
    page.roster.length > 0
      ? `<details><summary>${text(tr('web.rotation.order'))}</summary><ol class="roster">${page.roster
          .map(
            (r) =>
              `<li><span class="presenter">${who(r.userId)}</span>${r.group ? ` <span class="group">${html('web.group', {}, { group: userText(r.group) })}</span>` : ''}</li>`,
          )
          .join('')}</ol></details>`
      : '',
    '</section>',
    `<section id="past"><h2>${text(tr('web.past.title'))}</h2>`,
    page.past.length === 0
      ? `<p>${text(tr('web.past.none'))}</p>`
      : `<ol class="meetings">${page.past.map((v) => meeting(v, true)).join('')}</ol>`,
    '</section>',
    '</main>',
    `<footer><p>${text(tr('web.timesIn', { zone }))} ${text(
      tr('web.updated', { at: longDateTime(now, zone, lang), zone }),
    )}</p></footer>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
