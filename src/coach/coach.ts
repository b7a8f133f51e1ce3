/**
 * The coach behind one port: Gemini with tools when configured, the offline coach otherwise and
 * whenever Gemini fails, is slow, or the member's daily budget is spent. Rate limited per member;
 * every turn and tool call is stored.
 */
import { dateOrderOf, type DateContext } from '../language/dates.js';
import { quote } from '../language/tokens.js';
import type { CoachAnswer } from './answer.js';
import { listHabits } from '../services/habits.js';
import type { LocalDate } from '../domain/types.js';
import type { Logger } from '../logger.js';
import type { ServiceContext } from '../services/context.js';
import { CoachTurn, type User } from '../store/entities/index.js';
import { recentConversationTurns } from '../store/repositories/index.js';
import { ModelUnavailableError, type LanguageModel, type ModelMessage } from './model.js';
import type { SentimentScorer } from '../services/journal.js';
import { offlineAnswer } from './offline.js';
import type { GoalPlanner } from './planner.js';
import { coachSystemPrompt } from './prompts.js';
import { createSentimentScorer, SENTIMENT_TIMEOUT_MS } from './sentiment.js';
import { snapshotOf, type MemberSnapshot } from './snapshot.js';
import { confirmLog } from './confirm.js';
import { understandLog } from './understand.js';
import { runTool, toolDeclarations, type ToolContext } from './tools.js';
import { databaseCoachUsage, type CoachUsage } from './usage.js';

export interface CoachLimits {
  rateLimitPerHour: number;
  dailyTokenBudget: number;
  timeoutMs: number;
}

export interface CoachRequest {
  services: ServiceContext;
  member: User;
  today: LocalDate;
  text: string;
  /** The member's BCP 47 locale when the platform tells it (for numeric dates such as 03/04). */
  locale?: string;
}

export interface Coach {
  readonly engine: string;
  planner: GoalPlanner;
  /** Scores journal lines: the model when there is one, the lexicon otherwise or when it fails. */
  sentiment: SentimentScorer;
  respond(request: CoachRequest): Promise<CoachAnswer>;
}

const HISTORY_TURNS = 10;
const MAX_TOOL_ROUNDS = 4;
const MAX_ANSWER_CHARS = 3000;

export interface CoachDependencies {
  model?: LanguageModel;
  planner: GoalPlanner;
  limits: CoachLimits;
  /** Where the limits are counted; the stored conversation in the database when not given. */
  usage?: CoachUsage;
  logger: Logger;
}

/** Builds the coach; without a model it is the offline coach alone. */
export function createCoach(deps: CoachDependencies): Coach {
  const { model, limits, logger } = deps;
  const usage = deps.usage ?? databaseCoachUsage;
  return {
    engine: model?.name ?? 'offline',
    planner: deps.planner,
    sentiment: createSentimentScorer(model, logger, Math.min(limits.timeoutMs, SENTIMENT_TIMEOUT_MS)),
    async respond({ services, member, today, text, locale }) {
      const em = services.em;
      const now = services.now();
      const counted = { em, member, now };
      const { admitted, lastHour } = await usage.admitMessage(counted, limits.rateLimitPerHour);
      if (!admitted) {
        return {
          text: `You have sent me ${lastHour} messages in the last hour, my limit. Let's pick this up in a little while; your commands (\`today\`, \`done …\`) work as always.`,
          ephemeral: true,
        };
      }
      const asked = em.create(CoachTurn, {
        user: member,
        role: 'user',
        content: text.slice(0, 4000),
        createdAt: now,
        updatedAt: now,
      });
      await em.flush();

      const snapshot = await snapshotOf(services, member);
      const dates = { today, order: dateOrderOf(locale) };
      const offline = async (note?: string) =>
        record(
          services,
          member,
          await offlineReply(services, member, text, dates, snapshot, note),
          'offline',
          0,
        );
      if (!model) return offline();
      const spent = await usage.tokensLastDay(counted);
      if (spent >= limits.dailyTokenBudget)
        return offline("You've used today's AI coaching budget, so here is what your numbers say.");

      const tools: ToolContext = { services, member, today, planner: deps.planner, effects: [], actions: [] };
      try {
        const answer = await converse(
          model,
          services,
          member,
          asked,
          coachSystemPrompt(snapshot),
          tools,
          limits.timeoutMs,
        );
        if (answer.tokens > 0) await usage.recordTokens(counted, answer.tokens);
        const body = [...tools.effects, answer.text.trim().slice(0, MAX_ANSWER_CHARS)]
          .filter(Boolean)
          .join('\n');
        return record(
          services,
          member,
          { text: body || 'Done.', actions: tools.actions },
          model.name,
          answer.tokens,
        );
      } catch (error) {
        if (!(error instanceof ModelUnavailableError)) throw error;
        logger.warn(
          { reason: error.reason, err: error.message },
          'coach model unavailable; offline coach answers',
        );
        const fallback = await offlineReply(
          services,
          member,
          text,
          dates,
          await snapshotOf(services, member),
          'The AI coach is unavailable right now, so here is what your numbers say.',
        );
        fallback.text = [...tools.effects, fallback.text].join('\n');
        fallback.actions = [...tools.actions, ...(fallback.actions ?? [])];
        return record(services, member, fallback, 'offline', 0);
      }
    },
  };
}

/**
 * What the coach says without a model: a logging sentence ("ran 5k yesterday") becomes a log to
 * confirm, one it cannot use says why and shows the command, and anything else gets the member's
 * status from their own numbers.
 */
async function offlineReply(
  services: ServiceContext,
  member: User,
  text: string,
  dates: DateContext,
  snapshot: MemberSnapshot,
  note?: string,
): Promise<CoachAnswer> {
  const habits = await listHabits(services, member);
  const understood = understandLog(
    text,
    habits.filter((habit) => habit.status === 'active'),
    dates,
  );
  if (understood.kind === 'log') return confirmLog(understood.proposals, dates.today);
  if (understood.kind === 'unclear') {
    const example = habits[0] ? `done ${quote([habits[0].name])} yesterday` : 'habit add Run daily';
    return {
      text: `${understood.reason} Log it with \`done <habit> [amount] [day]\`, for example \`${example}\`.`,
    };
  }
  return offlineAnswer(snapshot, note);
}

/** The function-calling loop, under one deadline for the whole turn. */
async function converse(
  model: LanguageModel,
  services: ServiceContext,
  member: User,
  asked: CoachTurn,
  system: string,
  tools: ToolContext,
  timeoutMs: number,
): Promise<{ text: string; tokens: number }> {
  const deadline = Date.now() + timeoutMs;
  const messages: ModelMessage[] = [
    ...(await history(services, member, asked)),
    { role: 'user', parts: [{ text: asked.content }] },
  ];
  const declarations = toolDeclarations();
  let tokens = 0;
  for (let round = 0; round <= MAX_TOOL_ROUNDS; round++) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw new ModelUnavailableError('timeout', 'the coach ran out of time');
    const response = await model.generate({
      system,
      messages,
      tools: round < MAX_TOOL_ROUNDS ? declarations : undefined,
      timeoutMs: remaining,
    });
    tokens += response.tokens;
    if (response.functionCalls.length === 0) return { text: response.text, tokens };
    messages.push(response.message);
    const results = [];
    for (const call of response.functionCalls) {
      const result = await runTool(call.name, call.args, tools);
      const now = services.now();
      services.em.create(CoachTurn, {
        user: member,
        role: 'tool',
        content: call.name,
        tool: call.name,
        toolArgs: call.args,
        toolResult: result,
        engine: model.name,
        createdAt: now,
        updatedAt: now,
      });
      results.push({ functionResponse: { name: call.name, response: result } });
    }
    await services.em.flush();
    messages.push({ role: 'user', parts: results });
  }
  return { text: '', tokens };
}

/** The recent conversation, oldest first: what the member said and what the coach answered. */
async function history(services: ServiceContext, member: User, asked: CoachTurn): Promise<ModelMessage[]> {
  // The message being answered is sent on its own, after the history.
  const turns = await recentConversationTurns(services.em, member, HISTORY_TURNS, asked.id);
  return turns.map((turn) => ({
    role: turn.role === 'user' ? 'user' : 'model',
    parts: [{ text: turn.content }],
  }));
}

async function record(
  services: ServiceContext,
  member: User,
  reply: CoachAnswer,
  engine: string,
  tokens: number,
): Promise<CoachAnswer> {
  const now = services.now();
  services.em.create(CoachTurn, {
    user: member,
    role: 'model',
    content: reply.text,
    engine,
    tokens,
    createdAt: now,
    updatedAt: now,
  });
  await services.em.flush();
  return reply;
}
