/**
 * mentor invite | list | remove | activity, and mentee add | request | list | remove | nudge: a
 * mentor follows a member only with that member's consent (a code they gave, or Accept on a
 * request), and either side ends it at any time (src/services/mentorships.ts).
 */
import { z } from 'zod';
import { localWallAt } from '../../domain/wall-clock.js';
import { clockText } from '../../language/clock.js';
import { UsageError } from '../../language/errors.js';
import { matchName } from '../../language/match.js';
import { mentionOf } from '../../language/mentions.js';
import { knownMember } from '../../services/identities.js';
import {
  activeMenteesOf,
  answerMentorRequest,
  createMentorInvite,
  endMentorship,
  linkedPeople,
  MENTOR_INVITE_HOURS,
  mentorActivityOf,
  NUDGES_PER_DAY,
  redeemMentorInvite,
  requestMentorship,
  sendMentorNudge,
  type LinkedPerson,
} from '../../services/mentorships.js';
import type { User } from '../../store/entities/index.js';
import { defineCommand, defineConfirmation } from '../define.js';

const noArgs = { options: [], args: z.object({}), parse: () => ({}) };

export const mentorInvite = defineCommand({
  name: 'mentor invite',
  summary: 'A one-time code to give the person you want as your mentor',
  usage: 'mentor invite',
  examples: ['mentor invite'],
  ...noArgs,
  repeatReply:
    'Already answered above — for safety an invite code is not shown again; type `mentor invite` for a new one.',
  async run(_args, ctx) {
    const code = await createMentorInvite(ctx.services, ctx.member);
    return {
      text:
        `🤝 Your mentor code is \`${code}\`. Give it to your mentor; they type \`mentee add ${code}\` ` +
        `(on any platform) within ${MENTOR_INVITE_HOURS} hours. A new code replaces this one.\n` +
        'Once linked, your mentor sees your habits, streaks, goals and shared journal entries — never ' +
        '`journal private` ones — and can send you a nudge. End it any time with `mentor remove <name>`.',
      ephemeral: true,
    };
  },
});

export const mentorList = defineCommand({
  name: 'mentor list',
  summary: 'Who follows your habits as your mentor',
  usage: 'mentor list',
  examples: ['mentor list'],
  ...noArgs,
  async run(_args, ctx) {
    const mentors = await linkedPeople(ctx.services, ctx.member, 'mentors');
    if (!mentors.length)
      return { text: 'You have no mentor. Give someone a code with `mentor invite`.', ephemeral: true };
    return { text: `**Your mentors**\n${peopleLines(mentors, ctx.member)}`, ephemeral: true };
  },
});

export const mentorRemove = defineCommand({
  name: 'mentor remove',
  summary: 'Stop a mentor following your habits',
  usage: 'mentor remove <name>',
  examples: ['mentor remove Sam'],
  options: [{ name: 'name', description: "Your mentor's name", type: 'string', required: true }],
  args: z.object({ words: z.array(z.string()) }),
  parse: (words) => ({ words }),
  async run({ words }, ctx) {
    const mentors = await linkedPeople(ctx.services, ctx.member, 'mentors');
    if (!mentors.length) throw new UsageError('You have no mentor to remove.');
    const { item, rest } = matchName(mentors, words, 'mentor');
    if (rest.length) throw new UsageError(`Name just the mentor, e.g. \`mentor remove ${item.name}\`.`);
    await endMentorship(ctx.services, ctx.member, item.mentorshipId);
    return { text: `👋 **${item.name}** is no longer your mentor and sees nothing of yours from now on.` };
  },
});

export const mentorActivity = defineCommand({
  name: 'mentor activity',
  summary: 'When your mentors asked the AI about you, and the nudges they sent',
  usage: 'mentor activity',
  examples: ['mentor activity'],
  ...noArgs,
  async run(_args, ctx) {
    const { insights, nudges } = await mentorActivityOf(ctx.services, ctx.member);
    if (!insights.length && !nudges.length)
      return { text: 'None of your mentors has asked the AI about you or nudged you.', ephemeral: true };
    const at = (when: Date) => localTime(when, ctx.member.timezone);
    const lines = [
      ...(insights.length
        ? ['**Asked the AI about you**', ...insights.map((row) => `- ${row.mentor}, ${at(row.at)}`)]
        : []),
      ...(nudges.length
        ? [
            '**Nudges**',
            ...nudges.map(
              (row) => `- ${row.mentor}, ${at(row.at)}${row.message ? `: "${row.message}"` : ''}`,
            ),
          ]
        : []),
    ];
    return { text: lines.join('\n'), ephemeral: true };
  },
});

export const menteeAdd = defineCommand({
  name: 'mentee add',
  summary: 'Follow a member as their mentor, with the code they gave you',
  usage: 'mentee add <code>',
  examples: ['mentee add K7QX-3MPA'],
  options: [
    { name: 'code', description: 'The code from their `mentor invite`', type: 'string', required: true },
  ],
  args: z.object({ code: z.string().min(1, 'Give the code the member gave you, e.g. K7QX-3MPA.') }),
  parse: (words) => ({ code: words.join('') }),
  async run({ code }, ctx) {
    const mentee = await redeemMentorInvite(ctx.services, ctx.member, code);
    return {
      text: `🤝 You now follow **${mentee.name}** as their mentor. See them with \`mentee list\`; nudge with \`mentee nudge ${mentee.name}\`.`,
      ephemeral: true,
    };
  },
});

export const menteeRequest = defineCommand({
  name: 'mentee request',
  summary: 'Ask someone in this channel to let you follow their habits',
  usage: 'mentee request @person',
  examples: ['mentee request @ada'],
  options: [{ name: 'person', description: 'Mention them: @name', type: 'string', required: true }],
  args: z.object({ mention: z.string() }),
  parse(words) {
    if (!words.length) throw new UsageError('Mention the person you would like to mentor.');
    return { mention: words.join(' ') };
  },
  async run({ mention }, ctx) {
    const { invocation, services } = ctx;
    if (invocation.channel.kind !== 'group') {
      return {
        text: 'Ask in a group channel where they are, with `mentee request @person`; or ask them for a code (`mentor invite`) and type `mentee add <code>`.',
        ephemeral: true,
      };
    }
    const found = mentionOf(mention, invocation.platform);
    if (found.kind === 'unresolvable') {
      return {
        text: 'I cannot tell who that is from a username here. Ask them to type `mentor invite` to me and give you the code; then type `mentee add <code>`.',
        ephemeral: true,
      };
    }
    if (found.kind === 'none') throw new UsageError('Mention the person with @, e.g. `mentee request @ada`.');
    const person = await knownMember(services, {
      platform: invocation.platform,
      workspace: invocation.workspace,
      platformUserId: found.platformUserId,
    });
    if (!person) {
      return {
        text: "I don't know them yet: they need to say hi to Stride first (any message to me), then ask again.",
        ephemeral: true,
      };
    }
    await requestMentorship(services, ctx.outbox, ctx.member, person);
    return {
      text: `📨 I asked **${person.name}** in private whether you may follow their habits. You will see them in \`mentee list\` once they accept.`,
      ephemeral: true,
    };
  },
});

export const menteeAccept = defineConfirmation(
  'mentee accept',
  'Accept a mentor request',
  async (id, ctx) => {
    const mentor = await answerMentorRequest(ctx.services, ctx.outbox, ctx.member, id, true);
    return {
      text: `🤝 **${mentor.name}** is now your mentor. See your mentors with \`mentor list\`; end it with \`mentor remove ${mentor.name}\`.`,
    };
  },
);

export const menteeDecline = defineConfirmation(
  'mentee decline',
  'Decline a mentor request',
  async (id, ctx) => {
    const mentor = await answerMentorRequest(ctx.services, ctx.outbox, ctx.member, id, false);
    return { text: `Declined: **${mentor.name}** sees nothing of yours.` };
  },
);

export const menteeList = defineCommand({
  name: 'mentee list',
  summary: 'The members you follow as their mentor',
  usage: 'mentee list',
  examples: ['mentee list'],
  ...noArgs,
  async run(_args, ctx) {
    const mentees = await linkedPeople(ctx.services, ctx.member, 'mentees');
    if (!mentees.length) {
      return {
        text: 'You follow nobody yet. Ask a member for their `mentor invite` code and type `mentee add <code>`.',
        ephemeral: true,
      };
    }
    return { text: `**Your mentees**\n${peopleLines(mentees, ctx.member)}`, ephemeral: true };
  },
});

export const menteeRemove = defineCommand({
  name: 'mentee remove',
  summary: 'Stop following a mentee (or withdraw a request)',
  usage: 'mentee remove <name>',
  examples: ['mentee remove Ada'],
  options: [{ name: 'name', description: "Your mentee's name", type: 'string', required: true }],
  args: z.object({ words: z.array(z.string()) }),
  parse: (words) => ({ words }),
  async run({ words }, ctx) {
    const mentees = await linkedPeople(ctx.services, ctx.member, 'mentees');
    if (!mentees.length) throw new UsageError('You have no mentee to remove.');
    const { item, rest } = matchName(mentees, words, 'mentee');
    if (rest.length) throw new UsageError(`Name just the mentee, e.g. \`mentee remove ${item.name}\`.`);
    await endMentorship(ctx.services, ctx.member, item.mentorshipId);
    return { text: `👋 You no longer follow **${item.name}**.` };
  },
});

export const menteeNudge = defineCommand({
  name: 'mentee nudge',
  summary: `Send a mentee a nudge with their to-dos for today (${NUDGES_PER_DAY} a day at most)`,
  usage: 'mentee nudge <name> [message]',
  examples: ['mentee nudge Ada', 'mentee nudge Ada you can do it!'],
  options: [
    { name: 'name', description: "Your mentee's name", type: 'string', required: true },
    { name: 'message', description: 'A few words from you', type: 'string' },
  ],
  args: z.object({ words: z.array(z.string()) }),
  parse: (words) => ({ words }),
  async run({ words }, ctx) {
    const mentees: User[] = await activeMenteesOf(ctx.services, ctx.member);
    if (!mentees.length) throw new UsageError('You follow nobody yet, so there is nobody to nudge.');
    const { item: mentee, rest } = matchName(mentees, words, 'mentee');
    const { remaining } = await sendMentorNudge(
      ctx.services,
      ctx.outbox,
      ctx.member,
      mentee,
      rest.join(' ') || undefined,
    );
    return {
      text: `📣 Nudge on its way to **${mentee.name}** (${remaining} more possible today).`,
      ephemeral: true,
    };
  },
});

/** "- Sam (since 2026-11-20)" or "- Sam (waiting for an answer)". */
function peopleLines(people: LinkedPerson[], viewer: User): string {
  return people
    .map(
      (person) =>
        `- ${person.name} (${
          person.status === 'pending'
            ? 'asked, waiting for an answer'
            : `since ${localTime(person.since, viewer.timezone).slice(0, 10)}`
        })`,
    )
    .join('\n');
}

/** `2026-11-20 14:05` in the member's zone. */
function localTime(when: Date, timezone: string): string {
  const { date, minute } = localWallAt(when, timezone);
  return `${date} ${clockText(minute)}`;
}
