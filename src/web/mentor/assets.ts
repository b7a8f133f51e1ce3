/**
 * The mentor page's only two static files, served by Koa under /mentor/static/: one small style
 * sheet and the live-update script. Kept as strings so the build copies nothing; the CSP allows
 * only these ('self'), never inline script or style.
 */

/** Colours meet WCAG AA (4.5:1) on their backgrounds; the layout reflows to one column on a phone. */
export const MENTOR_CSS = `
:root { --ink: #1b1f24; --muted: #4a5360; --bg: #ffffff; --panel: #f4f6f8; --line: #c9d1d9;
  --accent: #0b5cad; --high: #a4161a; --medium: #8a4b00; --low: #1e6b34; --focus: #ffbf47; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--ink); background: var(--bg); }
a { color: var(--accent); }
/* Yellow alone is 1.6:1 on white: a dark ring outside it keeps focus visible (3:1) on any background. */
a:focus, button:focus, input:focus, textarea:focus, summary:focus {
  outline: 3px solid var(--ink); outline-offset: 2px; box-shadow: 0 0 0 2px var(--focus); }
.skip { position: absolute; left: -999px; top: 0; background: var(--ink); color: #fff; padding: .5rem 1rem; }
.skip:focus { left: 0; z-index: 10; }
header, main, footer { max-width: 72rem; margin: 0 auto; padding: .75rem 1rem; }
header { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; justify-content: space-between;
  border-bottom: 1px solid var(--line); }
header nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: .5rem 1rem; margin: 0; padding: 0;
  align-items: center; }
header nav li { white-space: nowrap; }
h1 { font-size: 1.5rem; margin: .5rem 0 1rem; }
h2 { font-size: 1.2rem; margin: 1.5rem 0 .5rem; }
.muted { color: var(--muted); }
.flash { border: 2px solid var(--accent); background: #eef5fc; padding: .5rem 1rem; border-radius: 4px; }
.flash.warn { border-color: var(--medium); background: #fff6e5; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .5rem; border-bottom: 1px solid var(--line); }
thead th { background: var(--panel); }
caption { text-align: left; padding-bottom: .25rem; }
td[data-label="Adherence"] { white-space: nowrap; }
.risk { font-weight: 700; }
.risk-high { color: var(--high); }
.risk-medium { color: var(--medium); }
.risk-low { color: var(--low); }
.chart { max-width: min(100%, 48rem); height: auto; display: block; }
/* A row's chart stays wide enough to read beside eight other columns. */
.row-chart { width: 12rem; min-width: 12rem; }
button { font: inherit; padding: .4rem .9rem; border: 1px solid var(--accent); border-radius: 4px;
  background: var(--accent); color: #fff; cursor: pointer; white-space: nowrap; }
button.secondary { background: #fff; color: var(--accent); }
input[type=text], textarea { font: inherit; width: 100%; padding: .4rem; border: 1px solid var(--muted); border-radius: 4px; }
label { display: block; font-weight: 600; margin-bottom: .25rem; }
form.inline { display: inline; }
.nudge { display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; }
.nudge > div { flex: 1 1 12rem; max-width: 18rem; }
.sources { font-size: .95rem; }
.answer { background: var(--panel); padding: .75rem 1rem; border-radius: 4px; }
ul.plain { padding-left: 1.2rem; }
@media (max-width: 48rem) {
  table.responsive thead { position: absolute; left: -999px; }
  table.responsive tr { display: block; border: 1px solid var(--line); margin-bottom: 1rem; padding: .5rem; }
  table.responsive td, table.responsive tbody th { display: block; border: 0; padding: .25rem 0; }
  /* No "Amount:" or "Note:" label over nothing. */
  table.responsive td:empty { display: none; }
  table.responsive td[data-label]::before { content: attr(data-label) ": "; font-weight: 600; }
  .row-chart { width: 100%; min-width: 0; }
}
`.trimStart();

/**
 * Live updates: on any event from /mentor/events, re-fetch the page and swap each [data-live]
 * region, so numbers change within a second while forms being typed into stay as they are.
 */
export const LIVE_JS = `
(function () {
  'use strict';
  if (!window.EventSource || !window.fetch || !window.DOMParser) return;
  var pending = null;
  function refresh() {
    pending = null;
    fetch(window.location.pathname, { credentials: 'same-origin', headers: { Accept: 'text/html' } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (text) {
        if (!text) return;
        var fresh = new DOMParser().parseFromString(text, 'text/html');
        document.querySelectorAll('[data-live]').forEach(function (region) {
          var next = region.id && fresh.getElementById(region.id);
          if (next) region.replaceWith(document.importNode(next, true));
        });
        document.documentElement.setAttribute('data-refreshed', String(Date.now()));
      })
      .catch(function () {});
  }
  var source = new EventSource('/mentor/events');
  source.addEventListener('update', function () {
    if (pending === null) pending = setTimeout(refresh, 150);
  });
})();
`.trimStart();
