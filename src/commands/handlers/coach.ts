/** coach: talk to the coach in your own words (free text in a DM does the same). */
import { z } from 'zod';
import { defineCommand, defineConfirmation } from '../define.js';

export const coach = defineCommand({
  name: 'coach',
  summary: 'Talk to your coach in your own words, e.g. "ran 5k yesterday"',
  usage: 'coach <anything>',
  examples: [
    'coach ran 5k yesterday',
    'coach how am I doing?',
    'coach I want to run a half marathon by June',
  ],
  options: [
    {
      name: 'message',
      description: 'What you want to tell or ask your coach',
      type: 'string',
      required: true,
    },
  ],
  args: z.object({
    text: z
      .string()
      .min(1, 'Tell me something, e.g. `coach how am I doing?`')
      .max(2000, 'Keep it under 2000 characters.'),
  }),
  parse: (words) => ({ text: words.join(' ') }),
  run: ({ text }, ctx) =>
    ctx.coach.respond({
      services: ctx.services,
      member: ctx.member,
      today: ctx.today,
      text,
      locale: ctx.invocation.user.locale,
    }),
});

/** The "Not now" button of a proposed log: nothing is written. */
export const coachDismiss = defineCommand({
  name: 'coach dismiss',
  summary: 'Decline a log the coach proposed',
  usage: 'coach dismiss',
  examples: [],
  options: [],
  hidden: true,
  args: z.array(z.string()),
  parse: (words) => words,
  run: async () => ({ text: 'OK, nothing logged.', ephemeral: true }),
});

export const coachPlanConfirm = defineConfirmation(
  'coach plan-confirm',
  'Create a goal plan the coach proposed',
  async (id, ctx) => {
    const { goal, habits } = await ctx.coach.planner.confirm(ctx.services, ctx.member, id);
    return {
      text: `🎯 Created **${goal.title}** with its milestones, and the habits ${habits.map((h) => `**${h}**`).join(', ')}. Let's go!`,
    };
  },
);
