/**
 * The mentor pages' bodies: the list of mentees by risk, a mentee's page, the audit of questions,
 * and the short pages of the sign-in flow. Numbers arrive computed (src/services/mentor-pages.ts);
 * the views only put them into words.
 */
import { wholePercent } from '../../domain/percent.js';
import { WARNING_THRESHOLD, type HabitForecast } from '../../services/forecast.js';
import type { MenteeDetail, MenteeRow } from '../../services/mentor-pages.js';
import type { MentorInsight } from '../../store/entities/index.js';
import { html, type Html } from './html.js';
import { csrfField } from './layout.js';

/** One habit's chance of missing its next due day, as the forecast (src/services/forecast.ts) gives it. */

export function percent(fraction: number | null): string {
  return fraction === null ? '–' : `${wholePercent(fraction)}%`;
}

function trendText(trend: number | null): string {
  if (trend === null) return 'no earlier data';
  const points = wholePercent(trend);
  if (points === 0) return 'steady vs the 30 days before';
  return `${points > 0 ? 'up' : 'down'} ${Math.abs(points)} points vs the 30 days before`;
}

function lastActivityText(days: number | null): string {
  if (days === null) return 'never logged';
  if (days === 0) return 'today';
  if (days === 1) return 'yesterday';
  return `${days} days ago`;
}

function streakText(current: number, unit: string): string {
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

function riskBadge(row: MenteeRow): Html {
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

function sourceList(sources: MentorInsight['sources']): Html {
  return html`<ol class="sources">
    ${sources.map(
      (source) =>
        html`<li value="${source.n}">
          ${source.label}:
          ${source.value}${source.from ? html` <span class="muted">(from logs ${source.from} to ${source.to ?? source.from})</span>` : ''}
        </li>`,
    )}
  </ol>`;
}

function insightBlock(insight: MentorInsight, headingLevel: 'h3' | 'h2' = 'h3'): Html {
  const when = insight.createdAt.toISOString().slice(0, 16).replace('T', ' ');
  const heading =
    headingLevel === 'h3' ? html`<h3>${insight.question}</h3>` : html`<h2>${insight.question}</h2>`;
  return html`<article class="insight">
    ${heading}
    <p class="muted">${when} UTC · ${insight.engine}${insight.tokens ? ` · ${insight.tokens} tokens` : ''}</p>
    <div class="answer">${insight.answer.split('\n').map((line) => html`<p>${line}</p>`)}</div>
    <details>
      <summary>Sources</summary>
      ${sourceList(insight.sources)}
    </details>
  </article>`;
}

/** /mentor/mentees/:id: everything the mentee shares, with the ask and nudge forms. */
export function detailView(detail: MenteeDetail, csrfToken: string, insights: MentorInsight[]): Html {
  const base = `/mentor/mentees/${detail.mentee.id}`;
  return html`<div id="summary" data-live>
      <p>
        Risk: ${riskBadge(detail)} · adherence 7 days
        <span data-field="adherence7">${percent(detail.adherence7)}</span>, 30 days
        <span data-field="adherence30">${percent(detail.adherence30)}</span> (${trendText(detail.trend)}) ·
        last activity <span data-field="last-activity">${lastActivityText(detail.daysSinceLastLog)}</span>
      </p>
    </div>
    ${nudgeForm(detail, csrfToken, 'detail')}

    <section aria-labelledby="h-habits" id="habits" data-live>
      <h2 id="h-habits">Habits</h2>
      ${
        detail.dashboard.habits.length === 0
          ? html`<p class="muted">No habits yet.</p>`
          : html`<table class="responsive">
              <thead>
                <tr>
                  <th scope="col">Habit</th>
                  <th scope="col">Status</th>
                  <th scope="col">Today</th>
                  <th scope="col">Streak (longest)</th>
                  <th scope="col">Strength</th>
                  <th scope="col">Adherence 7 / 30 / 90 days</th>
                  <th scope="col">At risk</th>
                  <th scope="col">Trend</th>
                </tr>
              </thead>
              <tbody>
                ${detail.dashboard.habits.map(
                  ({ habit, stats, today }) =>
                    html`<tr>
                      <th scope="row">${habit.name}</th>
                      <td data-label="Status">${habit.status}</td>
                      <td data-label="Today">${today.status.replace('_', ' ')}</td>
                      <td data-label="Streak (longest)">
                        ${streakText(stats.currentStreak, stats.streakUnit)}
                        (${streakText(stats.longestStreak, stats.streakUnit)})
                      </td>
                      <td data-label="Strength">${percent(stats.score)}</td>
                      <td data-label="Adherence">
                        ${percent(stats.adherence.d7)} / ${percent(stats.adherence.d30)} /
                        ${percent(stats.adherence.d90)}
                      </td>
                      <td data-label="At risk">${stats.atRisk ? 'yes' : 'no'}</td>
                      <td data-label="Trend">
                        <img
                          class="chart row-chart"
                          src="${base}/habits/${habit.id}/charts/trend.png"
                          alt="${habit.name}: strength and consistency over 90 days"
                          loading="lazy"
                        />
                      </td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }
      <h3>All habits, last 12 months</h3>
      <img
        class="chart"
        src="${base}/charts/heatmap.png"
        alt="${detail.mentee.name}: all habits over the last 12 months, each day by the share of due habits done"
        loading="lazy"
      />
    </section>

    <section aria-labelledby="h-goals" id="goals" data-live>
      <h2 id="h-goals">Goals</h2>
      ${
        detail.goals.length === 0
          ? html`<p class="muted">No goals.</p>`
          : html`<ul class="plain">
              ${detail.goals.map(
                (goal) =>
                  html`<li>
                    ${goal.title}: ${goal.current} of ${goal.target}${goal.unit ? ` ${goal.unit}` : ''}
                    (${percent(goal.fraction)})${goal.completed ? ' · completed' : ''}${goal.deadline ? ` · by ${goal.deadline}` : ''}
                    <progress max="1" value="${goal.fraction}" aria-label="${goal.title} progress">
                      ${percent(goal.fraction)}
                    </progress>
                  </li>`,
              )}
            </ul>`
      }
    </section>

    <section aria-labelledby="h-logs" id="logs" data-live>
      <h2 id="h-logs">Logs, last 30 days</h2>
      ${
        detail.logs.length === 0
          ? html`<p class="muted">No logs in the last 30 days.</p>`
          : html`<table class="responsive">
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Habit</th>
                  <th scope="col">Status</th>
                  <th scope="col">Amount</th>
                  <th scope="col">Note</th>
                </tr>
              </thead>
              <tbody>
                ${detail.logs.map(
                  (log) =>
                    html`<tr>
                      <td data-label="Date">${log.date}</td>
                      <td data-label="Habit">${log.habit}</td>
                      <td data-label="Status">${log.status}</td>
                      <td data-label="Amount">${log.amount ?? ''}</td>
                      <td data-label="Note">${log.note ?? ''}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }
    </section>

    <section aria-labelledby="h-journal" id="journal" data-live>
      <h2 id="h-journal">Journal and mood they shared, last 30 days</h2>
      ${
        detail.journal.length === 0
          ? html`<p class="muted">Nothing shared.</p>`
          : html`<ul class="plain">
              ${detail.journal.map(
                (entry) =>
                  html`<li>
                    <strong>${entry.date}</strong>${entry.mood !== null ? ` · mood ${entry.mood}/5` : ''}:
                    ${entry.text}${entry.tags.length ? html` <span class="muted">(${entry.tags.join(', ')})</span>` : ''}
                  </li>`,
              )}
            </ul>`
      }
    </section>

    <section aria-labelledby="h-sent" id="sent" data-live>
      <h2 id="h-sent">Nudges and alerts sent</h2>
      ${
        detail.nudges.length === 0
          ? html`<p class="muted">No nudges yet.</p>`
          : html`<ul class="plain">
              ${detail.nudges.map(
                (nudge) =>
                  html`<li>
                    ${nudge.date}: nudge from
                    ${nudge.byMe ? 'you' : nudge.mentor}${nudge.message ? html` · “${nudge.message}”` : ''}
                    (${nudge.status})
                  </li>`,
              )}
            </ul>`
      }
      ${
        detail.alerts.length === 0
          ? html`<p class="muted">No alerts sent.</p>`
          : html`<ul class="plain">
              ${detail.alerts.map(
                (alert) =>
                  html`<li>
                    ${alert.at.toISOString().slice(0, 10)} · risk alert (${alert.status}):
                    ${plainLine(alert.text)}
                  </li>`,
              )}
            </ul>`
      }
    </section>

    <section aria-labelledby="h-ask" id="ask">
      <h2 id="h-ask">Ask the AI about ${detail.mentee.name}</h2>
      <form method="post" action="${base}/ask">
        ${csrfField(csrfToken)}
        <label for="question">Your question</label>
        <textarea id="question" name="question" rows="2" maxlength="500" required></textarea>
        <p class="muted">
          Answers use only ${detail.mentee.name}'s numbers and cite them as numbered sources. Your questions
          are kept in your history, and ${detail.mentee.name} can see when you asked.
        </p>
        <button type="submit">Ask</button>
      </form>
      ${insights.map((insight) => insightBlock(insight))}
    </section>`;
}

/** /mentor/audit: every question this mentor asked, newest first. */
export function auditView(insights: (MentorInsight & { menteeName: string | null })[]): Html {
  if (insights.length === 0) return html`<p>You have not asked the AI anything yet.</p>`;
  return html`<p class="muted">Every question you asked, newest first, with its answer and sources.</p>
    ${insights.map(
      (insight) =>
        html`<section class="audit-entry">
          <p><strong>About ${insight.menteeName ?? 'a former mentee'}</strong></p>
          ${insightBlock(insight, 'h2')}
        </section>`,
    )}`;
}

/** A short page with a message and a way on (expired link, not found, forbidden). */
export function messageView(message: string, next?: { href: string; text: string }): Html {
  return html`<p>${message}</p>
    ${next ? html`<p><a href="${next.href}">${next.text}</a></p>` : ''}`;
}
