/**
 * group, group setup | join | leave | settings | delete, and group me: a chat channel as a Stride
 * group. Admins of the channel set it up and change or delete it (Invocation.isChannelAdmin says
 * who is one on each platform); members opt in with `group join`, and only they are ever shown.
 */
import { z } from 'zod';
import { weekdayOfWord } from '../../language/dates.js';
import { clockText, parseClockTime } from '../../language/clock.js';
import { UsageError } from '../../language/errors.js';
import { groupName, groupViewText, myWeekText, reviewTimeText, weekdayName } from '../../language/groups.js';
import { isValidTimeZone } from '../../domain/dates.js';
import { AppError } from '../../errors.js';
import {
  changeReview,
  DEFAULT_REVIEW,
  deleteGroup,
  groupOfChannel,
  groupReport,
  groupsOfMember,
  joinGroup,
  leaveGroup,
  setupGroup,
  type ChannelRef,
  type ReviewChange,
} from '../../services/groups.js';
import type { Group } from '../../store/entities/index.js';
import type { DraftReply } from '../../ports/chat.js';
import { defineCommand, defineConfirmation, type CommandContext, type OptionSpec } from '../define.js';

const reviewOptions: OptionSpec[] = [
  { name: 'weekday', description: 'Day of the weekly review, e.g. monday', type: 'string' },
  { name: 'time', description: 'Local time of the review, e.g. 09:00', type: 'string' },
  { name: 'timezone', description: 'Time zone of the review, e.g. Europe/Paris', type: 'string' },
];

/** The words of a review time: a weekday, a time of day and a zone, each at most once, any order. */
function parseReviewWords(words: string[]): ReviewChange {
  const change: ReviewChange = {};
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const weekday = weekdayOfWord(word);
    if (weekday !== undefined) {
      if (change.weekday !== undefined) throw new UsageError('Give one weekday for the review.');
      change.weekday = weekday;
      continue;
    }
    if (word.includes('/') || /^utc$/i.test(word)) {
      if (!isValidTimeZone(word))
        throw new UsageError(`"${word}" is not a time zone I know. Use one like Europe/Paris.`);
      if (change.timezone !== undefined) throw new UsageError('Give one time zone for the review.');
      change.timezone = word;
      continue;
    }
    if (change.minute !== undefined) throw new UsageError(`I don't understand "${word}" here.`);
    // "9 am" is one time in two words.
    const next = words[i + 1];
    if (next && /^[ap]\.?m\.?$/i.test(next)) {
      change.minute = parseClockTime(`${word}${next}`);
      i++;
    } else change.minute = parseClockTime(word);
  }
  return change;
}

const reviewArgs = z.object({
  weekday: z.number().int().min(1).max(7).optional(),
  minute: z.number().int().min(0).max(1439).optional(),
  timezone: z.string().optional(),
  enabled: z.boolean().optional(),
});

/** The channel a command came from; refused in a direct message, where there is no group. */
function channelOf(ctx: CommandContext, what: string): ChannelRef {
  const { invocation } = ctx;
  if (invocation.channel.kind !== 'group')
    throw new UsageError(`Run \`${what}\` in the group channel itself, not in a direct message.`);
  return {
    platform: invocation.platform,
    workspace: invocation.platform === 'slack' ? invocation.workspace : '',
    channelId: invocation.channel.id,
    ...(invocation.channel.name ? { name: invocation.channel.name } : {}),
  };
}

async function groupHere(ctx: CommandContext, what: string): Promise<Group> {
  const group = await groupOfChannel(ctx.services, channelOf(ctx, what));
  if (!group)
    throw new UsageError(
      'This channel is not a Stride group yet. An admin can make it one with `group setup`.',
    );
  return group;
}

/** Who may set up, change or delete a group, in each platform's words. */
const ADMIN_WORDS: Record<string, string> = {
  discord: 'someone with the Manage Server permission',
  slack: 'a workspace admin or owner',
  telegram: 'a group administrator',
};

/** Refuses (403) unless the caller administers this channel. */
async function requireAdmin(ctx: CommandContext, action: string): Promise<void> {
  const isAdmin = (await ctx.invocation.isChannelAdmin?.()) ?? false;
  if (!isAdmin) {
    const who = ADMIN_WORDS[ctx.invocation.platform] ?? 'an admin of this channel';
    throw new AppError(403, 'forbidden', `Only ${who} can ${action}.`);
  }
}

export const groupShow = defineCommand({
  name: 'group show',
  aliases: ['group'],
  summary: 'This channel as a group: who joined, their week, the group streak and the board',
  usage: 'group',
  examples: ['group'],
  options: [],
  args: z.object({}),
  parse: (words) => {
    if (words.length) throw new UsageError(`I don't understand "${words.join(' ')}" after \`group\`.`);
    return {};
  },
  async run(_args, ctx): Promise<DraftReply> {
    if (ctx.invocation.channel.kind === 'dm') {
      const memberships = await groupsOfMember(ctx.services, ctx.member);
      if (!memberships.length)
        return {
          text: 'You are in no group yet. In a channel that is a Stride group, `group join` shares your weekly summary there.',
          ephemeral: true,
        };
      const lines = memberships.map(
        ({ group }) => `- ${groupName(group)} on ${group.platform}: review ${reviewTimeText(group)}`,
      );
      return { text: ['**Your groups**', ...lines].join('\n'), ephemeral: true };
    }
    const group = await groupHere(ctx, 'group');
    return { text: groupViewText(await groupReport(ctx.services, group)), ephemeral: true };
  },
});

export const groupSetup = defineCommand({
  name: 'group setup',
  summary: 'Make this channel a Stride group with a weekly review (admins)',
  usage: 'group setup [weekday] [time] [timezone]',
  examples: ['group setup', 'group setup friday 17:00', 'group setup monday 9am Europe/Paris'],
  options: reviewOptions,
  args: reviewArgs,
  parse: parseReviewWords,
  async run(args, ctx) {
    const channel = channelOf(ctx, 'group setup');
    await requireAdmin(ctx, 'set up a group here');
    const group = await setupGroup(ctx.services, ctx.member, channel, {
      weekday: args.weekday ?? DEFAULT_REVIEW.weekday,
      minute: args.minute ?? DEFAULT_REVIEW.minute,
      timezone: args.timezone ?? ctx.member.timezone,
    });
    return {
      text: `✅ ${groupName(group)} is now a Stride group. Weekly review: **${reviewTimeText(group)}**.\nEveryone who wants to share their week here: \`group join\`. Nothing of anyone who has not joined is ever shown.`,
    };
  },
});

export const groupJoin = defineCommand({
  name: 'group join',
  summary: "Share your weekly summary with this channel's group",
  usage: 'group join',
  examples: ['group join'],
  options: [],
  args: z.object({}),
  parse: () => ({}),
  async run(_args, ctx) {
    const group = await groupHere(ctx, 'group join');
    const joined = await joinGroup(ctx.services, group, ctx.member);
    return joined
      ? {
          text: `🙌 ${ctx.member.name} joined ${groupName(group)}. Your week shows in the group and its review (${reviewTimeText(group)}); \`group leave\` stops that.`,
        }
      : { text: 'You are in this group already.', ephemeral: true };
  },
});

export const groupLeave = defineCommand({
  name: 'group leave',
  summary: 'Stop sharing your weekly summary with this group',
  usage: 'group leave',
  examples: ['group leave'],
  options: [],
  args: z.object({}),
  parse: () => ({}),
  async run(_args, ctx) {
    const group = await groupHere(ctx, 'group leave');
    const left = await leaveGroup(ctx.services, group, ctx.member);
    return {
      text: left
        ? 'You left this group: nothing of yours is shown here any more. Your habits are unchanged.'
        : 'You are not in this group.',
      ephemeral: true,
    };
  },
});

export const groupSettings = defineCommand({
  name: 'group settings',
  summary: "Show or change the group's weekly review: weekday, time, zone, or off (admins change)",
  usage: 'group settings [weekday] [time] [timezone] | off | on',
  examples: ['group settings', 'group settings friday 17:00', 'group settings off'],
  options: [
    ...reviewOptions,
    {
      name: 'review',
      description: 'Turn the weekly review on or off',
      type: 'string',
      choices: ['on', 'off'],
    },
  ],
  args: reviewArgs,
  parse: (words) => {
    const at = words.findIndex((word) => /^(on|off)$/i.test(word));
    if (at < 0) return parseReviewWords(words);
    const enabled = words[at]!.toLowerCase() === 'on';
    const rest = words.filter((_, i) => i !== at);
    if (!enabled && rest.length)
      throw new UsageError('`group settings off` takes nothing else: it turns the review off.');
    return { ...parseReviewWords(rest), enabled };
  },
  async run(args, ctx) {
    const group = await groupHere(ctx, 'group settings');
    const change = args as ReviewChange;
    if (Object.keys(change).length === 0)
      return {
        text: `Weekly review of ${groupName(group)}: **${reviewTimeText(group)}**.\nChange it with \`group settings friday 17:00\`, or \`group settings off\`.`,
        ephemeral: true,
      };
    await requireAdmin(ctx, "change this group's review");
    // A new time turns the review back on unless it was just turned off.
    if (change.enabled === undefined && (change.weekday ?? change.minute ?? change.timezone) !== undefined)
      change.enabled = true;
    const updated = await changeReview(ctx.services, group, change);
    return {
      text: updated.reviewEnabled
        ? `🗓️ Weekly review of ${groupName(updated)}: **${weekdayName(updated.reviewWeekday)}s at ${clockText(updated.reviewMinute)}** (${updated.timezone}).`
        : `The weekly review of ${groupName(updated)} is off. \`group settings on\` turns it back on.`,
    };
  },
});

export const groupDelete = defineCommand({
  name: 'group delete',
  summary: 'Stop this channel being a group (admins; asks first)',
  usage: 'group delete',
  examples: ['group delete'],
  options: [],
  args: z.object({}),
  parse: () => ({}),
  async run(_args, ctx) {
    const group = await groupHere(ctx, 'group delete');
    await requireAdmin(ctx, 'delete this group');
    return {
      text: `⚠️ ${groupName(group)} stops being a group: its members and weekly review go. Everyone's habits stay. Sure?`,
      ephemeral: true,
      actions: [
        { label: 'Delete the group', style: 'danger', command: `group delete-confirmed ${group.id}` },
        { label: 'Cancel', command: `group keep ${group.id}` },
      ],
    };
  },
});

export const groupDeleteConfirmed = defineConfirmation(
  'group delete-confirmed',
  'Delete the group after confirmation',
  async (id, ctx) => {
    const group = await groupHere(ctx, 'group delete');
    if (group.id !== id) return { text: 'That group is gone already.', ephemeral: true };
    // Checked again: the admin may have lost the right since the question.
    await requireAdmin(ctx, 'delete this group');
    await deleteGroup(ctx.services, group);
    return { text: `${groupName(group)} is no longer a Stride group.` };
  },
);

export const groupKeep = defineConfirmation('group keep', 'Keep the group after all', async () => ({
  text: 'The group stays as it is.',
  ephemeral: true,
}));

export const groupMe = defineCommand({
  name: 'group me',
  summary: 'Your own week in this group, privately',
  usage: 'group me',
  examples: ['group me'],
  options: [],
  args: z.object({}),
  parse: () => ({}),
  async run(_args, ctx) {
    const group = await groupHere(ctx, 'group me');
    return { text: myWeekText(await groupReport(ctx.services, group), ctx.member.id), ephemeral: true };
  },
});
