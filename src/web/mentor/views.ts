/**
 * The mentor pages' bodies: the list of mentees by risk and the short pages of the sign-in flow,
 * with the helpers every page uses (a mentee's page and the audit are in detail-view.ts). Numbers arrive computed (src/services/mentor-pages.ts);
 * the views only put them into words.
 */
import { wholePercent } from '../../domain/percent.js';
import { WARNING_THRESHOLD, type HabitForecast } from '../../services/forecast.js';
import type { MenteeRow } from '../../services/mentor-pages.js';
import { html, type Html } from './html.js';
import { csrfField } from './layout.js';

/** One habit's chance of missing its next due day, as the forecast (src/services/forecast.ts) gives it. */

export function percent(fraction: number | null): string {
  return fraction === null ? '–' : `${wholePercent(fraction)}%`;
}

export function trendText(trend: number | null): string {
  if (trend === null) return 'no earlier data';
  const points = wholePercent(trend);
  if (points === 0) return 'steady vs the 30 days before';
  return `${points > 0 ? 'up' : 'down'} ${Math.abs(points)} points vs the 30 days before`;
}

export function lastActivityText(days: number | null): string {
  if (days === null) return 'never logged';
  if (days === 0) return 'today';
  if (days === 1) return 'yesterday';
  return `${days} days ago`;
}

export function streakText(current: number, unit: string): string {
  const singular = unit.replace(/s$/, '');
  return `${current} ${current === 1 ? singular : unit}`;
}

/**
 * A chat message's first line as plain text: the reply markdown subset (**bold**, _italic_,
 * `code`) is for the chat platforms; here its markers would show as typed.
 */
export function plainLine(markdown: string): string {
  return (markdown.split('\n')[0] ?? '')
    .replace(/\*\*/g, '')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/(^|[\s(])_(.+?)_(?=$|[\s.,;:!?)])/g, '$1$2');
}

export function riskBadge(row: MenteeRow): Html {
  return html`<span class="risk risk-${row.risk.level}">${row.risk.level}</span>
    <span class="muted">(score ${row.risk.score.toFixed(2)})</span>`;
}

function menteePath(row: MenteeRow): string {
  return `/mentor/mentees/${row.mentee.id}`;
}

/** The nudge form: an optional note, the CSRF token, and where to come back to. */
export function nudgeForm(row: MenteeRow, csrfToken: string, back: 'list' | 'detail'): Html {
  const field = `note-${row.mentee.id}-${back}`;
  return html`<form class="nudge" method="post" action="${menteePath(row)}/nudge">
    ${csrfField(csrfToken)}<input type="hidden" name="back" value="${back}" />
    <div>
      <label for="${field}">Note to ${row.mentee.name} (optional)</label>
      <input type="text" id="${field}" name="note" maxlength="500" autocomplete="off" />
    </div>
    <button type="submit">Nudge ${row.mentee.name}</button>
  </form>`;
}

function forecastCell(forecasts: readonly HabitForecast[]): Html {
  const likely = forecasts.filter((forecast) => forecast.probability > WARNING_THRESHOLD);
  if (likely.length === 0) return html`<span class="muted">no likely misses</span>`;
  return html`<ul class="plain">
    ${likely.map(
      (forecast) =>
        html`<li>
          ${forecast.habitName}: ${percent(forecast.probability)} likely to miss on ${forecast.date}
          (${forecast.reason})
        </li>`,
    )}
  </ul>`;
}

/** /mentor: one row per mentee, highest risk first. */
export function listView(
  rows: MenteeRow[],
  csrfToken: string,
  forecasts: Map<string, HabitForecast[]>,
): Html {
  if (rows.length === 0) return howMentorshipWorks();
  return html`<p class="muted">Highest risk first. Numbers update live when a mentee logs.</p>
    <div id="mentees" data-live>
      <table class="responsive">
        <caption class="muted">
          Your mentees (${rows.length})
        </caption>
        <thead>
          <tr>
            <th scope="col">Mentee</th>
            <th scope="col">Risk</th>
            <th scope="col">Adherence</th>
            <th scope="col">Streaks</th>
            <th scope="col">Last activity</th>
            <th scope="col">At risk</th>
            <th scope="col">Forecast</th>
            <th scope="col">Last 12 months</th>
            <th scope="col">Act</th>
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (row) =>
              html`<tr data-mentee="${row.mentee.id}">
                <th scope="row"><a href="${menteePath(row)}">${row.mentee.name}</a></th>
                <td data-label="Risk">${riskBadge(row)}</td>
                <td data-label="Adherence">
                  7 days: <span data-field="adherence7">${percent(row.adherence7)}</span><br />30 days:
                  <span data-field="adherence30">${percent(row.adherence30)}</span><br /><span
                    class="muted"
                    data-field="trend"
                    >${trendText(row.trend)}</span
                  >
                </td>
                <td data-label="Streaks">
                  ${
                    row.streaks.length
                      ? html`<ul class="plain">
                          ${row.streaks.map((s) => html`<li>${s.name}: ${streakText(s.current, s.unit)}</li>`)}
                        </ul>`
                      : html`<span class="muted">no active habits</span>`
                  }
                </td>
                <td data-label="Last activity" data-field="last-activity">
                  ${lastActivityText(row.daysSinceLastLog)}
                </td>
                <td data-label="At risk">
                  ${row.atRisk.length ? row.atRisk.join(', ') : html`<span class="muted">none</span>`}
                </td>
                <td data-label="Forecast" data-field="forecast">
                  ${forecastCell(forecasts.get(row.mentee.id) ?? [])}
                </td>
                <td data-label="Last 12 months">
                  <img
                    class="chart row-chart"
                    src="${menteePath(row)}/charts/heatmap.png"
                    alt="${row.mentee.name}: all habits over the last 12 months"
                    loading="lazy"
                  />
                </td>
                <td data-label="Act">${nudgeForm(row, csrfToken, 'list')}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
}

/** What a member with no mentees sees: how mentorship works. */
export function howMentorshipWorks(): Html {
  return html`<p>You do not follow anyone yet.</p>
    <h2>How mentorship works</h2>
    <ol>
      <li>
        A member who wants you as their mentor sends <code>mentor invite</code> to Stride in their chat and
        gives you the one-time code.
      </li>
      <li>
        You send <code>mentee add &lt;code&gt;</code> to Stride. In a group channel you can also ask with
        <code>mentee request @person</code>; they accept or decline.
      </li>
      <li>
        Their habits, risk, goals and shared journal then appear here. Either of you can end it at any time,
        and you see nothing more from then on.
      </li>
    </ol>`;
}

/** A short page with a message and a way on (expired link, not found, forbidden). */
export function messageView(message: string, next?: { href: string; text: string }): Html {
  return html`<p>${message}</p>
    ${next ? html`<p><a href="${next.href}">${next.text}</a></p>` : ''}`;
}
