/**
 * Goal planning: "I want to run a half marathon by June" becomes a structured plan (subgoals in
 * order, habits with schedules) that the model returns as JSON. The JSON is validated with zod;
 * one failure gets one retry with the problems named; a second is a clear failure. A plan is only
 * shown: it is created when the member confirms it.
 */
import { z } from 'zod';
import { UsageError } from '../language/errors.js';
import { parseSchedule, parseTarget } from '../language/schedule.js';
import { tokenize } from '../language/tokens.js';
import { isValidLocalDate } from '../domain/dates.js';
import type { LocalDate } from '../domain/types.js';
import { NotFoundError } from '../errors.js';
import { todayFor, type ServiceContext } from '../services/context.js';
import { createHabit, listHabits } from '../services/habits.js';
import { Goal, GoalHabit, type User } from '../store/entities/index.js';
import { deletePlan, planOfMember, storePlan } from '../store/repositories/index.js';
import { ModelUnavailableError, type LanguageModel } from './model.js';

const date = z.string().refine(isValidLocalDate, 'must be a date YYYY-MM-DD');
const scheduleWords = z.string().refine((words) => {
  const tokens = tokenize(words);
  return parseSchedule(tokens)?.used === tokens.length;
}, 'must be a schedule such as "daily", "3x/week", "mon wed fri" or "every 2 days"');
const targetWords = z.string().refine((words) => {
  const tokens = tokenize(words);
  return parseTarget(tokens)?.used === tokens.length;
}, 'must be a daily amount such as "5 km" or "20 pages"');

export const planSchema = z.object({
  goal: z.object({
    title: z.string().min(1).max(200),
    target: z.number().positive(),
    unit: z.string().min(1).max(30).nullable(),
    deadline: date.nullable(),
  }),
  subgoals: z
    .array(
      z.object({
        title: z.string().min(1).max(200),
        target: z.number().positive(),
        unit: z.string().max(30).nullable(),
        deadline: date.nullable(),
      }),
    )
    .max(8),
  habits: z
    .array(
      z.object({ name: z.string().min(1).max(100), schedule: scheduleWords, target: targetWords.nullable() }),
    )
    .min(1)
    .max(6),
  summary: z.string().min(1).max(600),
});
export type GoalPlan = z.infer<typeof planSchema>;

/** The JSON Schema the model is asked to follow (the zod refinements are checked afterwards). */
const PLAN_JSON_SCHEMA = (() => {
  const { $schema: _schema, ...schema } = z.toJSONSchema(planSchema, {
    io: 'input',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return schema;
})();

const SYSTEM = `You plan goals for a habit tracker. Answer with JSON only, matching the schema:
- goal: the overall goal with a numeric target (e.g. 21.1 km, 12 books), a unit, and a deadline (YYYY-MM-DD) if one was given or implied.
- subgoals: 2 to 5 milestones in order, each with its own target and deadline before the goal's.
- habits: 1 to 4 habits with a schedule in plain words ("daily", "3x/week", "mon wed fri", "every 2 days") and an optional daily target ("5 km").
- summary: two sentences on why this plan works.
Be realistic for a beginner. Never include anything but the JSON.`;

export interface GoalPlanner {
  /** Drafts and stores a plan; returns its id for the confirmation button. */
  propose(
    ctx: ServiceContext,
    member: User,
    goal: string,
    today: LocalDate,
  ): Promise<{ id: string; plan: GoalPlan }>;
  /** Creates the goal, its subgoals and its habits from a confirmed plan (the member's own only). */
  confirm(ctx: ServiceContext, member: User, planId: string): Promise<{ goal: Goal; habits: string[] }>;
  describe(plan: GoalPlan): string;
}

/** A planner on a language model (with none, planning explains that it needs the AI coach). */
export function createGoalPlanner(model: LanguageModel | undefined, timeoutMs: number): GoalPlanner {
  return {
    async propose(ctx, member, goal, today) {
      if (!model)
        throw new UsageError(
          'Planning a goal needs the AI coach, which is not configured. You can still add one: `goal add <title> target <n>`.',
        );
      const habits = (await listHabits(ctx, member)).map((habit) => habit.name);
      const ask = `Today is ${today}. The member's current habits: ${habits.join(', ') || 'none'}. Plan this goal: ${goal}`;
      const messages: { role: 'user' | 'model'; parts: { text: string }[] }[] = [
        { role: 'user', parts: [{ text: ask }] },
      ];
      let problems = '';
      for (let attempt = 1; attempt <= 2; attempt++) {
        const response = await model.generate({
          system: SYSTEM,
          messages,
          jsonSchema: PLAN_JSON_SCHEMA,
          timeoutMs,
        });
        const parsed = parsePlan(response.text);
        if (parsed.success) {
          const record = await storePlan(ctx.em, member, parsed.data as unknown as Record<string, unknown>);
          return { id: record.id, plan: parsed.data };
        }
        problems = parsed.problems;
        messages.push(
          { role: 'model', parts: [{ text: response.text }] },
          {
            role: 'user',
            parts: [{ text: `That JSON is not valid: ${problems}. Answer again with corrected JSON only.` }],
          },
        );
      }
      throw new ModelUnavailableError('bad_request', `the plan was not valid twice (${problems})`);
    },

    async confirm(ctx, member, planId) {
      const record = await planOfMember(ctx.em, member, planId);
      if (!record) throw NotFoundError('Plan');
      const plan = planSchema.parse(record.plan);
      return ctx.em.transactional(async (em) => {
        const tx = { ...ctx, em };
        const existing = await listHabits(tx, member);
        const habitIds: string[] = [];
        const names: string[] = [];
        for (const spec of plan.habits) {
          // A habit the member already has is reused, not duplicated.
          const same = existing.find((habit) => habit.name.toLowerCase() === spec.name.toLowerCase());
          const habit =
            same ??
            (await createHabit(tx, member, {
              name: spec.name,
              schedule: parseSchedule(tokenize(spec.schedule))!.value,
              target: spec.target ? parseTarget(tokenize(spec.target))!.value : null,
            }));
          habitIds.push(habit.id);
          names.push(habit.name);
        }
        const today = todayFor(ctx, member);
        const goal = em.create(Goal, {
          owner: member,
          title: plan.goal.title,
          target: plan.goal.target,
          unit: plan.goal.unit,
          startDate: today,
          deadline: plan.goal.deadline,
        });
        plan.subgoals.forEach((sub, position) =>
          em.create(Goal, {
            owner: member,
            parent: goal,
            position,
            title: sub.title,
            target: sub.target,
            unit: sub.unit,
            startDate: today,
            deadline: sub.deadline,
          }),
        );
        for (const habitId of habitIds) em.create(GoalHabit, { goal, habit: habitId });
        await em.flush();
        await deletePlan(em, record.id);
        return { goal, habits: names };
      });
    },

    describe(plan) {
      const unit = (u: string | null) => (u ? ` ${u}` : '');
      const by = (d: string | null) => (d ? ` by ${d}` : '');
      return [
        `📋 **Plan: ${plan.goal.title}** — ${plan.goal.target}${unit(plan.goal.unit)}${by(plan.goal.deadline)}`,
        ...plan.subgoals.map(
          (sub, i) => `${i + 1}. ${sub.title}: ${sub.target}${unit(sub.unit)}${by(sub.deadline)}`,
        ),
        `Habits: ${plan.habits.map((h) => `${h.name} (${h.schedule}${h.target ? `, ${h.target}` : ''})`).join('; ')}`,
        `_${plan.summary}_`,
      ].join('\n');
    },
  };
}

function parsePlan(text: string): { success: true; data: GoalPlan } | { success: false; problems: string } {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^```(?:json)?\s*|\s*```$/g, ''));
  } catch {
    return { success: false, problems: 'it is not JSON' };
  }
  const parsed = planSchema.safeParse(json);
  if (parsed.success) return { success: true, data: parsed.data };
  return {
    success: false,
    problems: parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join('.')}: ${i.message}`)
      .join('; '),
  };
}
