/**
 * The mentor web page under /mentor, server-rendered: sign-in by a chat link, the mentee list by
 * risk, a mentee's page with charts, Ask the AI, Nudge, the audit of questions, and live updates
 * by server-sent events. Every mentee id goes through menteeOf (404 unless an active mentorship),
 * every POST needs the session's CSRF token, and no member data travels in a URL or a log line.
 */
import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import type { Context, Middleware } from 'koa';
import type { ChartRenderer } from '../../charts/index.js';
import type { LanguageModel } from '../../coach/model.js';
import { DATABASE_RETRY_AFTER_SECONDS, isAppError, isDatabaseUnavailable } from '../../errors.js';
import type { EventBus } from '../../events/types.js';
import type { Logger } from '../../logger.js';
import { allHabitsChart, HABIT_CHART_KINDS, habitChart, type HabitChartKind } from '../../services/charts.js';
import type { ServiceContext } from '../../services/context.js';
import { missForecasts, type HabitForecast } from '../../services/forecast.js';
import { askAboutMentee } from '../../services/mentor-insight.js';
import { menteeDetailOf, menteeRowsOf } from '../../services/mentor-pages.js';
import { csrfMatches, endSession, redeemLoginLink, sessionOf } from '../../services/mentor-sessions.js';
import { activeMenteesOf, menteeOf, sendMentorNudge } from '../../services/mentorships.js';
import type { Outbox } from '../../services/outbox.js';
import { MentorInsight, type MentorSession } from '../../store/entities/index.js';
import type { Orm } from '../../store/orm.js';
import { LIVE_JS, MENTOR_CSS } from './assets.js';
import { streamMenteeEvents } from './live.js';
import type { Html } from './html.js';
import { page, type PageOptions } from './layout.js';
import {
  clearSessionCookie,
  setFlash,
  setSessionCookie,
  takeFlash,
  WindowLimiter,
  type FlashCode,
  SESSION_COOKIE,
} from './session.js';
import {
  formOf,
  notFound,
  notSignedIn,
  PageAnswer,
  pageAnswerOf,
  securityHeaders,
  somethingWentWrong,
  databaseUnavailable,
} from './answers.js';
import { auditView, detailView } from './detail-view.js';
import { howMentorshipWorks, listView, messageView } from './views.js';

/** Login-link attempts one address may make in LOGIN_WINDOW_MS. */
export const LOGIN_ATTEMPTS_PER_IP = 10;
const LOGIN_WINDOW_MS = 15 * 60_000;
/** Questions one mentor may ask the AI in an hour (each may cost model tokens). */
export const ASKS_PER_HOUR = 30;

export interface MentorPageDependencies {
  orm: Orm;
  events: EventBus;
  logger: Logger;
  charts: ChartRenderer;
  now: () => Date;
  /** Where nudges go (sendMentorNudge). */
  outbox: Outbox;
  /** Where members reach this server; an https URL makes the cookies Secure. */
  publicUrl: string;
  /** The runtime's language model for Ask the AI; offline answers without one. */
  model?: LanguageModel;
  /** How often /mentor/events sends a heartbeat comment; tests shorten it. */
  heartbeatMs?: number;
  /** Ends /mentor/events streams when the server stops. */
  stopping?: AbortSignal;
}

interface State {
  services: ServiceContext;
  session?: MentorSession;
}

/** The /mentor pages as one middleware; paths outside /mentor pass through untouched. */
export function mentorPages(deps: MentorPageDependencies): Middleware {
  const secure = deps.publicUrl.startsWith('https://');
  const loginLimiter = new WindowLimiter(LOGIN_ATTEMPTS_PER_IP, LOGIN_WINDOW_MS, deps.now);
  const askLimiter = new WindowLimiter(ASKS_PER_HOUR, 60 * 60_000, deps.now);
  const router = new Router<State>({ prefix: '/mentor' });

  const state = (koa: Context) => koa.state as State;
  const signedIn = (koa: Context): MentorSession => {
    const session = state(koa).session;
    if (!session) throw notSignedIn();
    return session;
  };
  const render = (
    koa: Context,
    options: Omit<PageOptions, 'session' | 'flash'>,
    body: Html,
    status = 200,
  ) => {
    const session = state(koa).session;
    koa.status = status;
    koa.type = 'text/html; charset=utf-8';
    koa.body = page(
      {
        ...options,
        session: session && { name: session.mentor.name, csrfToken: session.csrfToken },
        flash: takeFlash(koa, secure),
      },
      body,
    );
  };
  const back = (koa: Context, path: string, flash?: FlashCode) => {
    if (flash) setFlash(koa, flash, secure);
    koa.status = 303;
    koa.redirect(path);
  };
  const menteeFor = async (koa: Context, id: string) => {
    try {
      return await menteeOf(state(koa).services, signedIn(koa).mentor, id);
    } catch (error) {
      if (isAppError(error) && error.status === 404) throw notFound();
      throw error;
    }
  };

  router.get('/static/mentor.css', (koa) => {
    koa.type = 'text/css; charset=utf-8';
    koa.set('Cache-Control', 'public, max-age=3600');
    koa.body = MENTOR_CSS;
  });
  router.get('/static/live.js', (koa) => {
    koa.type = 'text/javascript; charset=utf-8';
    koa.set('Cache-Control', 'public, max-age=3600');
    koa.body = LIVE_JS;
  });

  router.get('/login/:token', async (koa) => {
    if (!loginLimiter.take(koa.ip))
      throw new PageAnswer(
        429,
        'Too many attempts',
        messageView('Too many sign-in attempts from here. Wait a few minutes and try again.'),
      );
    const redeemed = await redeemLoginLink(state(koa).services, koa.params.token ?? '');
    const again = 'Send `mentor login` to Stride in a direct message for a new link.';
    if (redeemed.status === 'used')
      throw new PageAnswer(
        410,
        'This link was already used',
        messageView(`Each sign-in link works once. ${again}`),
      );
    if (redeemed.status === 'expired')
      throw new PageAnswer(
        410,
        'This link has expired',
        messageView(`Sign-in links work for 15 minutes. ${again}`),
      );
    if (redeemed.status !== 'ok')
      throw new PageAnswer(
        404,
        'This link is not valid',
        messageView(`Check that the whole link was copied. ${again}`),
      );
    setSessionCookie(koa, redeemed.session.sessionId, secure);
    back(koa, '/mentor');
  });

  router.post('/logout', async (koa) => {
    await endSession(state(koa).services, signedIn(koa));
    state(koa).session = undefined;
    clearSessionCookie(koa, secure);
    render(
      koa,
      { title: 'Signed out' },
      messageView('You are signed out. Send `mentor login` to Stride in a direct message to sign in again.'),
    );
  });

  router.get('/', async (koa) => {
    const { mentor } = signedIn(koa);
    const services = state(koa).services;
    const rows = await menteeRowsOf(services, mentor);
    const forecasts = new Map<string, HabitForecast[]>();
    for (const row of rows) forecasts.set(row.mentee.id, await missForecasts(services, row.mentee));
    const body = rows.length ? listView(rows, signedIn(koa).csrfToken, forecasts) : howMentorshipWorks();
    render(koa, { title: 'Your mentees', live: rows.length > 0 }, body);
  });

  router.get('/audit', async (koa) => {
    const { mentor } = signedIn(koa);
    const insights = await state(koa).services.em.find(
      MentorInsight,
      { mentor },
      { populate: ['mentee'], orderBy: { createdAt: 'desc' }, limit: 200 },
    );
    render(
      koa,
      { title: 'Your questions to the AI' },
      auditView(
        insights.map((insight) => Object.assign(insight, { menteeName: insight.mentee?.name ?? null })),
      ),
    );
  });

  router.get('/mentees/:id', async (koa) => {
    const session = signedIn(koa);
    const services = state(koa).services;
    const mentee = await menteeFor(koa, koa.params.id!);
    const detail = await menteeDetailOf(services, session.mentor, mentee);
    const insights = await services.em.find(
      MentorInsight,
      { mentor: session.mentor, mentee },
      { orderBy: { createdAt: 'desc' }, limit: 5 },
    );
    render(koa, { title: mentee.name, live: true }, detailView(detail, session.csrfToken, insights));
  });

  router.get('/mentees/:id/charts/heatmap.png', async (koa) => {
    const mentee = await menteeFor(koa, koa.params.id!);
    const image = await allHabitsChart(state(koa).services, deps.charts, mentee);
    koa.set('Cache-Control', 'private, max-age=60');
    koa.type = 'image/png';
    koa.body = image.png;
  });

  router.get('/mentees/:id/habits/:habitId/charts/:kind.png', async (koa) => {
    const mentee = await menteeFor(koa, koa.params.id!);
    const { habitId, kind } = koa.params;
    if (!/^[0-9a-f-]{36}$/i.test(habitId ?? '') || !HABIT_CHART_KINDS.includes(kind as HabitChartKind))
      throw notFound();
    const image = await habitChart(
      state(koa).services,
      deps.charts,
      mentee,
      habitId!,
      kind as HabitChartKind,
    ).catch((error: unknown) => {
      throw isAppError(error) && error.status === 404 ? notFound() : error;
    });
    koa.set('Cache-Control', 'private, max-age=60');
    koa.type = 'image/png';
    koa.body = image.png;
  });

  router.post('/mentees/:id/nudge', async (koa) => {
    const { mentor } = signedIn(koa);
    const mentee = await menteeFor(koa, koa.params.id!);
    const form = formOf(koa);
    const to = form.back === 'list' ? '/mentor' : `/mentor/mentees/${mentee.id}`;
    try {
      await sendMentorNudge(state(koa).services, deps.outbox, mentor, mentee, form.note);
    } catch (error) {
      if (isAppError(error) && error.status === 429) return back(koa, to, 'nudge_limit');
      throw error;
    }
    back(koa, to, 'nudge_sent');
  });

  router.post('/mentees/:id/ask', async (koa) => {
    const { mentor } = signedIn(koa);
    const services = state(koa).services;
    const mentee = await menteeFor(koa, koa.params.id!);
    const to = `/mentor/mentees/${mentee.id}#ask`;
    if (!askLimiter.take(mentor.id)) return back(koa, to, 'ask_limit');
    const detail = await menteeDetailOf(services, mentor, mentee);
    try {
      await askAboutMentee(services, deps, mentor, detail, formOf(koa).question ?? '');
    } catch (error) {
      if (isAppError(error) && (error.id === 'empty_question' || error.id === 'question_too_long'))
        return back(koa, to, error.id);
      throw error;
    }
    back(koa, to, 'asked');
  });

  router.get('/events', async (koa) => {
    const { mentor } = signedIn(koa);
    const mentees = await activeMenteesOf(state(koa).services, mentor);
    streamMenteeEvents(koa, deps, mentor, mentees);
  });

  const routes = router.routes();
  const forms = bodyParser({ enableTypes: ['form'], formLimit: '32kb', encoding: 'utf-8' });

  return async (koa, next) => {
    if (koa.path !== '/mentor' && !koa.path.startsWith('/mentor/')) return next();
    securityHeaders(koa);
    try {
      state(koa).services = { em: deps.orm.em.fork(), events: deps.events, now: deps.now };
      await loadSession(koa);
      if (koa.method === 'POST') {
        await forms(koa, async () => undefined);
        checkCsrf(koa);
      }
      await routes(koa as Parameters<typeof routes>[0], async () => {
        throw notFound();
      });
    } catch (error) {
      answerError(koa, error);
    }
  };

  async function loadSession(koa: Context): Promise<void> {
    const id = koa.cookies.get(SESSION_COOKIE);
    if (id) state(koa).session = (await sessionOf(state(koa).services, id)) ?? undefined;
  }

  /** Every POST needs a live session and its token: a forged form gets a 403 page, nothing done. */
  function checkCsrf(koa: Context): void {
    const session = state(koa).session;
    const token = formOf(koa).csrf;
    if (!session || !token || !csrfMatches(session, token))
      throw new PageAnswer(
        403,
        'This form could not be accepted',
        messageView(
          'The form was out of date or did not come from this site, so nothing was done. Reload the page and try again.',
          {
            href: '/mentor',
            text: 'Back to your mentees',
          },
        ),
      );
  }

  function answerError(koa: Context, error: unknown): void {
    // Ids and the route pattern only: paths may hold a login token, pages hold member data.
    const route = (koa as { _matchedRoute?: string })._matchedRoute ?? 'unmatched';
    let answer = pageAnswerOf(error);
    if (!answer && isDatabaseUnavailable(error)) {
      deps.logger.warn({ err: error, route, method: koa.method }, 'database unreachable');
      koa.set('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
      answer = databaseUnavailable();
    }
    if (!answer) {
      deps.logger.error({ err: error, route, method: koa.method }, 'mentor page failed');
      answer = somethingWentWrong();
    }
    koa.set('Cache-Control', 'no-store');
    render(koa, { title: answer.title }, answer.body, answer.status);
  }
}
