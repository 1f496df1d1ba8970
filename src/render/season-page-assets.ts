/**
 * The season page's stylesheet and its one small script, served from the
 * page's own origin (the Content-Security-Policy allows nothing else). The
 * script only adds the reader's own time beside each time in the series'
 * zone, when the two zones differ; the page reads fully without it.
 */

export const SEASON_CSS = `
:root { color-scheme: light dark; --fg: #1d1d1f; --muted: #5f6368; --line: #d9d9de; --bg: #fff; --card: #f6f6f8;
  --accent: #3949ab; --warn: #8a4b00; --warn-bg: #fff4e0; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #ececf1; --muted: #a4a7ae; --line: #3a3b40; --bg: #16171a; --card: #1f2024; --accent: #9fa8ff;
    --warn: #ffcf8a; --warn-bg: #3a2a10; }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0 auto; max-width: 46rem; padding: 1rem; font: 16px/1.5 system-ui, -apple-system, "Segoe UI",
  "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; color: var(--fg); background: var(--bg);
  overflow-wrap: anywhere; word-break: normal; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0.5rem 0; }
h2 { font-size: 1.2rem; margin: 2rem 0 0.75rem; border-bottom: 1px solid var(--line); padding-bottom: 0.25rem; }
h3 { font-size: 1rem; margin: 0 0 0.4rem; }
h4 { font-size: 0.9rem; margin: 0.75rem 0 0.25rem; color: var(--muted); }
p { margin: 0.4rem 0; }
a { color: var(--accent); }
header .season, header .schedule, small, footer, .by, .group { color: var(--muted); }
ol.meetings { list-style: none; padding: 0; margin: 0; }
li.meeting { background: var(--card); border: 1px solid var(--line); border-radius: 0.6rem; padding: 0.75rem 1rem;
  margin: 0 0 0.75rem; break-inside: avoid; }
li.meeting.cancelled h3 time { text-decoration: line-through; }
.status { display: inline-block; font-size: 0.8rem; font-weight: 600; padding: 0 0.45rem; border-radius: 0.3rem;
  color: var(--warn); background: var(--warn-bg); margin-left: 0.3rem; }
.local-time { display: block; font-weight: normal; font-size: 0.85rem; color: var(--muted); }
ul.talks { margin: 0; padding-left: 1.1rem; }
.talk .presenter { font-weight: 600; }
.talk.open, .title.missing, .no-summary { font-style: italic; color: var(--muted); }
.moved, .reason { font-size: 0.9rem; }
.summary .body { white-space: normal; }
details { margin-top: 0.5rem; }
ol.roster { columns: 2 12rem; margin: 0.5rem 0 0; }
footer { margin-top: 2rem; font-size: 0.85rem; border-top: 1px solid var(--line); padding-top: 0.5rem; }
@media print {
  :root { --fg: #000; --muted: #444; --bg: #fff; --card: #fff; --line: #999; --accent: #000; }
  body { max-width: none; font-size: 11pt; }
  .subscribe, .local-time { display: none; }
  details > ol.roster { display: block; }
  a { text-decoration: none; }
}
`.trimStart();

export const LOCAL_TIME_JS = `"use strict";
(function () {
  var body = document.body;
  var zone = body.getAttribute("data-zone");
  var template = body.getAttribute("data-your-time") || "{time}";
  var own;
  try { own = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
  if (!own || own === zone) return;
  var format;
  try {
    format = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
      weekday: "long", year: "numeric", month: "long", day: "numeric", hour: "2-digit", minute: "2-digit",
      hourCycle: "h23", timeZone: own, timeZoneName: "short"
    });
  } catch (e) { return; }
  var times = document.querySelectorAll("h3.when time[datetime]");
  for (var i = 0; i < times.length; i++) {
    var at = new Date(times[i].getAttribute("datetime"));
    if (isNaN(at.getTime())) continue;
    var span = document.createElement("span");
    span.className = "local-time";
    span.textContent = template.replace("{time}", format.format(at));
    times[i].parentNode.insertBefore(span, times[i].nextSibling);
  }
})();
`;
