/** The real chat core on a real database, with a pinned clock, for chat tests. */
import { createChartRenderer } from '../../src/charts/index.js';
import { createCoach, type Coach, type CoachLimits } from '../../src/coach/coach.js';
import type { LanguageModel } from '../../src/coach/model.js';
import { createGoalPlanner } from '../../src/coach/planner.js';
import { createChatCore, type ChatCoreWithEvents } from '../../src/commands/chat-core.js';
import type { Invocation, Platform, Reply } from '../../src/ports/chat.js';
import { InProcessEventBus } from '../../src/events/in-process.js';
import { createLogger } from '../../src/logger.js';
import type { ServiceContext } from '../../src/services/context.js';
import { exportMember } from '../../src/services/members.js';
import { Identity } from '../../src/store/entities/index.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export interface Speaker {
  user: string;
  platform?: Platform;
  workspace?: string;
  dm?: boolean;
  timezone?: string;
  /** BCP 47, as a platform may tell it. */
  locale?: string;
  eventId?: string;
  /** The group channel spoken in when `dm` is false (`group-1` unless given). */
  channel?: string;
  /** Whether the platform says the speaker administers that channel. */
  admin?: boolean;
}

export interface TestChat {
  core: ChatCoreWithEvents;
  database: TestDatabase;
  setNow(instant: string): void;
  services(): ServiceContext;
  /** Everything a console member has, as `export` gives it (habits with their logs, goals…). */
  exportOf(user?: string): ReturnType<typeof exportMember>;
  say(text: string, who?: Speaker): Promise<Reply>;
  /** Presses a reply's button (by its label's start, or index) as `who`. */
  press(reply: Reply, button: string | number, who?: Speaker): Promise<Reply>;
  close(): Promise<void>;
}

/** Someone in the Slack channel `general` of workspace T1, in Paris: the group tests' setting. */
export function inSlackChannel(user: string, extra: Partial<Speaker> = {}): Speaker {
  return {
    user,
    platform: 'slack',
    workspace: 'T1',
    dm: false,
    channel: 'general',
    timezone: 'Europe/Paris',
    ...extra,
  };
}

const DEFAULT: Speaker = { user: 'ada', timezone: 'UTC' };

/** A coach for tests: offline unless a model (e.g. Gemini pointed at the fake) is given. */
export function createTestCoach(model?: LanguageModel, limits: Partial<CoachLimits> = {}): Coach {
  const timeoutMs = limits.timeoutMs ?? 2000;
  return createCoach({
    model,
    planner: createGoalPlanner(model, timeoutMs),
    limits: { rateLimitPerHour: 30, dailyTokenBudget: 100_000, ...limits, timeoutMs },
    logger: createLogger('silent'),
  });
}

export async function startTestChat(
  options: { now?: string; model?: LanguageModel; limits?: Partial<CoachLimits>; publicUrl?: string } = {},
): Promise<TestChat> {
  const database = await createTestDatabase();
  let now = new Date(options.now ?? '2026-11-20T12:00:00Z');
  const clock = () => new Date(now);
  const events = new InProcessEventBus();
  const coach = createTestCoach(options.model, options.limits);
  const core = createChatCore({
    orm: database.orm,
    events,
    charts: createChartRenderer(),
    coach,
    logger: createLogger('silent'),
    now: clock,
    publicUrl: options.publicUrl,
  });
  const invocation = (who: Speaker, input: Partial<Invocation>): Invocation => ({
    platform: who.platform ?? 'console',
    workspace: who.workspace ?? '',
    channel:
      who.dm === false
        ? { id: who.channel ?? 'group-1', kind: 'group', name: who.channel ?? 'group-1' }
        : { id: `dm-${who.user}`, kind: 'dm' },
    isChannelAdmin: async () => who.admin === true,
    user: {
      id: who.user,
      displayName: who.user[0]!.toUpperCase() + who.user.slice(1),
      timezone: who.timezone,
      locale: who.locale,
    },
    eventId: who.eventId,
    receivedAt: clock(),
    ...input,
  });
  return {
    core,
    database,
    setNow: (instant) => {
      now = new Date(instant);
    },
    services: () => ({ em: database.orm.em.fork(), events, now: clock }),
    async exportOf(user = DEFAULT.user) {
      const services: ServiceContext = { em: database.orm.em.fork(), events, now: clock };
      const identity = await services.em.findOneOrFail(
        Identity,
        { platform: 'console', platformUserId: user },
        { populate: ['user'] },
      );
      return exportMember(services, identity.user);
    },
    say: (text, who = DEFAULT) => core.handle(invocation({ ...DEFAULT, ...who }, { text })),
    press: (reply, button, who = DEFAULT) => {
      const actions = reply.actions ?? [];
      const action =
        typeof button === 'number' ? actions[button] : actions.find((a) => a.label.startsWith(button));
      if (!action) throw new Error(`no button ${button} in ${JSON.stringify(actions.map((a) => a.label))}`);
      return core.handle(invocation({ ...DEFAULT, ...who }, { action: action.id }));
    },
    close: () => database.drop(),
  };
}
