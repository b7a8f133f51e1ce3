/** The frame of every mentor page: skip link, header with sign-out, one <main>, the style sheet. */
import { html, type Html } from './html.js';

export interface PageOptions {
  title: string;
  /** The signed-in mentor's name and CSRF token; omitted on pages seen before signing in. */
  session?: { name: string; csrfToken: string };
  /** A one-off message after a form (nudge sent, limit reached). */
  flash?: { text: string; tone: 'info' | 'warn' };
  /** Loads live.js, which refreshes the [data-live] regions when a mentee logs. */
  live?: boolean;
}

/** A whole HTML document around `body`. */
export function page(options: PageOptions, body: Html): string {
  const { title, session, flash, live } = options;
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>${title} · Stride mentors</title>
        <link rel="stylesheet" href="/mentor/static/mentor.css" />
        ${live ? html`<script src="/mentor/static/live.js" defer></script>` : ''}
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>
        <header>
          <a href="/mentor"><strong>Stride</strong> · mentors</a>
          ${
            session
              ? html`<nav aria-label="Account">
                  <ul>
                    <li><a href="/mentor">Mentees</a></li>
                    <li><a href="/mentor/audit">Your questions</a></li>
                    <li><span class="muted">${session.name}</span></li>
                    <li>
                      <form class="inline" method="post" action="/mentor/logout">
                        ${csrfField(session.csrfToken)}<button class="secondary" type="submit">
                          Sign out
                        </button>
                      </form>
                    </li>
                  </ul>
                </nav>`
              : ''
          }
        </header>
        <main id="main" tabindex="-1">
          ${flash ? html`<p class="flash${flash.tone === 'warn' ? ' warn' : ''}" role="status">${flash.text}</p>` : ''}
          <h1>${title}</h1>
          ${body}
        </main>
      </body>
    </html> `.value;
}

/** The hidden field every form carries; a POST without the session's token is refused. */
export function csrfField(token: string): Html {
  return html`<input type="hidden" name="csrf" value="${token}" />`;
}
