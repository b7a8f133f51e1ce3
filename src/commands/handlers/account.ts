/** settings, link, export, forget-me and token: the member's account. */
import { z } from 'zod';
import { createApiToken } from '../../services/accounts.js';
import { createLinkCode, LINK_CODE_MINUTES, redeemLinkCode } from '../../services/identities.js';
import { exportMember, forgetMember, setDayStart, setTimezone } from '../../services/members.js';
import { defineCommand } from '../define.js';
import { UsageError } from '../../language/errors.js';
import { countText } from '../../language/units.js';

export const settingsTimezone = defineCommand({
  name: 'settings timezone',
  summary: 'Set your time zone (IANA name), so days end at your midnight',
  usage: 'settings timezone <zone>',
  examples: ['settings timezone Europe/Paris', 'settings timezone America/New_York'],
  options: [
    { name: 'zone', description: 'An IANA time zone, e.g. Europe/Paris', type: 'string', required: true },
  ],
  args: z.object({ zone: z.string().min(1, 'Name a time zone, e.g. Europe/Paris.') }),
  parse: (words) => ({ zone: words.join('_') }),
  async run({ zone }, ctx) {
    const user = await setTimezone(ctx.services, ctx.member, zone);
    return { text: `🕒 Time zone set to **${user.timezone}**. Logs you already have keep their dates.` };
  },
});

export const settingsDaystart = defineCommand({
  name: 'settings daystart',
  summary: 'Set the hour your day starts (0-12), for late nights',
  usage: 'settings daystart <hour>',
  examples: ['settings daystart 3'],
  options: [
    { name: 'hour', description: 'Hour from 0 to 12', type: 'integer', required: true, min: 0, max: 12 },
  ],
  args: z.object({ hour: z.number() }),
  parse(words) {
    const hour = Number(words[0]?.replace(/(:00|h|am)$/i, ''));
    if (words.length !== 1 || !Number.isInteger(hour))
      throw new UsageError('Give a whole hour from 0 to 12.');
    return { hour };
  },
  async run({ hour }, ctx) {
    await setDayStart(ctx.services, ctx.member, hour);
    const example =
      hour > 0
        ? ` Something logged at ${String(hour - 1).padStart(2, '0')}:30 counts for the day before.`
        : '';
    return { text: `🌙 Your day now starts at **${String(hour).padStart(2, '0')}:00**.${example}` };
  },
});

export const link = defineCommand({
  name: 'link',
  summary: 'Link your accounts on two platforms (a one-time code)',
  usage: 'link [code]',
  examples: ['link', 'link K7QX-3MPA'],
  options: [{ name: 'code', description: 'The code shown on your other platform', type: 'string' }],
  args: z.object({ code: z.string().optional() }),
  parse: (words) => ({ code: words.length ? words.join('') : undefined }),
  repeatReply:
    'Already answered above — for safety a link code is not shown again; type `link` for a new one.',
  async run({ code }, ctx) {
    if (!code) {
      const fresh = await createLinkCode(ctx.services, ctx.member);
      return {
        text: `🔗 Your code is \`${fresh}\`. On your other platform, type \`link ${fresh}\` within ${LINK_CODE_MINUTES} minutes.`,
        ephemeral: true,
      };
    }
    const member = await redeemLinkCode(ctx.services, ctx.member, code);
    return {
      text: `🔗 Linked. This account now shares the habits, logs and goals of **${member.name}**.`,
      ephemeral: true,
    };
  },
});

export const exportData = defineCommand({
  name: 'export',
  summary: 'Download everything Stride knows about you (JSON)',
  usage: 'export',
  examples: ['export'],
  options: [],
  args: z.object({}),
  parse: () => ({}),
  repeatReply: 'Already answered above — your export was sent as a file; run `export` for a new one.',
  async run(_args, ctx) {
    const data = await exportMember(ctx.services, ctx.member);
    const logs = data.habits.reduce((sum, habit) => sum + habit.logs.length, 0);
    return {
      text: `📦 Your data: ${countText(data.habits.length, 'habit')}, ${countText(logs, 'log')}, ${countText(data.goals.length, 'goal')}.`,
      ephemeral: true,
      file: {
        filename: `stride-export-${ctx.today}.json`,
        mimeType: 'application/json',
        content: JSON.stringify(data, null, 2),
      },
    };
  },
});

export const forgetMe = defineCommand({
  name: 'forget-me',
  summary: 'Delete everything Stride knows about you (asks first)',
  usage: 'forget-me',
  examples: ['forget-me'],
  options: [],
  args: z.object({}),
  parse: () => ({}),
  async run() {
    return {
      text: '⚠️ This deletes all your habits, logs, goals and linked accounts, for good. Sure?',
      ephemeral: true,
      actions: [
        { label: 'Delete everything', style: 'danger', command: 'forget-me confirmed' },
        { label: 'Cancel', style: 'default', command: 'forget-me cancel' },
      ],
    };
  },
});

export const forgetMeConfirmed = defineCommand({
  name: 'forget-me confirmed',
  summary: 'Delete everything after confirmation',
  usage: 'forget-me confirmed',
  examples: [],
  options: [],
  hidden: true,
  args: z.object({}),
  parse: () => ({}),
  async run(_args, ctx) {
    await forgetMember(ctx.services, ctx.member);
    // Kept for repeats with no member left to own it, so it names nothing of theirs.
    return { text: 'Done. Everything is deleted. If you write again, you start fresh.', ephemeral: true };
  },
});

/** forget-me's "Cancel": says nothing was deleted, rather than the whole help. */
export const forgetMeCancel = defineCommand({
  name: 'forget-me cancel',
  summary: 'Keep everything after all',
  usage: 'forget-me cancel',
  examples: [],
  options: [],
  hidden: true,
  args: z.object({}),
  parse: () => ({}),
  run: async () => ({ text: 'Nothing was deleted.', ephemeral: true }),
});

export const token = defineCommand({
  name: 'token',
  summary: 'A personal API token (direct messages only)',
  usage: 'token',
  examples: ['token'],
  options: [],
  directOnly: true,
  args: z.object({}),
  parse: () => ({}),
  repeatReply: 'Already answered above — for safety the token is not shown again; run `token` for a new one.',
  async run(_args, ctx) {
    const { token: secret } = await createApiToken(ctx.services, ctx.member.id);
    return {
      text: `🔑 Your API token: \`${secret}\`\nKeep it secret; it is shown once. Use it as \`Authorization: Bearer …\` on /api/v1.`,
      ephemeral: true,
    };
  },
});
