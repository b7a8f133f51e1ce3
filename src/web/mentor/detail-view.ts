/**
 * A mentee's page (habits, charts, goals, logs, shared journal, nudges and alerts, Ask the AI)
 * and the audit of the mentor's own questions, with the numbered sources each answer cites.
 */
import type { MenteeDetail } from '../../services/mentor-pages.js';
import type { MentorInsight } from '../../store/entities/index.js';
import { html, type Html } from './html.js';
import { csrfField } from './layout.js';
import {
  lastActivityText,
  nudgeForm,
  percent,
  plainLine,
  riskBadge,
  streakText,
  trendText,
} from './views.js';

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
