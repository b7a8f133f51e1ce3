/** `mentor login`: the way into the mentor web page, as a single-use link in a direct message. */
import { z } from 'zod';
import { activeMenteesOf } from '../../services/mentorships.js';
import { createLoginLink, LINK_MINUTES } from '../../services/mentor-sessions.js';
import { defineCommand } from '../define.js';

export const mentorLogin = defineCommand({
  name: 'mentor login',
  summary: 'A link that signs you in to the mentor page (direct messages only)',
  usage: 'mentor login',
  examples: ['mentor login'],
  options: [],
  directOnly: true,
  args: z.object({}),
  parse: () => ({}),
  // A repeated delivery must not show the link again: it is a key to the mentees' data.
  repeatReply:
    'Already answered above — for safety the link is not shown again; run `mentor login` for a new one.',
  async run(_args, ctx) {
    const { token } = await createLoginLink(ctx.services, ctx.member);
    const mentees = await activeMenteesOf(ctx.services, ctx.member);
    const following =
      mentees.length === 0
        ? 'You follow no one yet: the page explains how a member invites you.'
        : `You follow ${mentees.length === 1 ? '1 member' : `${mentees.length} members`}.`;
    return {
      text:
        `🔐 Your mentor page: ${ctx.publicUrl}/mentor/login/${token}\n` +
        `The link works once, for ${LINK_MINUTES} minutes; keep it to yourself. ${following}`,
      ephemeral: true,
    };
  },
});
