/**
 * journal and mood: a line about the day, or a mood from 1 to 5 with an optional note. Shared with
 * the member's mentors and the coach unless written `journal private …` (src/services/journal.ts).
 */
import { z } from 'zod';
import { UsageError } from '../../language/errors.js';
import { writeJournal } from '../../services/journal.js';
import type { JournalEntry } from '../../store/entities/index.js';
import { defineCommand } from '../define.js';

const MOODS = ['', 'low', 'meh', 'okay', 'good', 'great'];

/** "Tags: #sleep #work" when there are any. */
function tagLine(entry: JournalEntry): string {
  return entry.tags.length ? `\nTags: ${entry.tags.map((tag) => `#${tag}`).join(' ')}` : '';
}

function sharing(entry: JournalEntry): string {
  return entry.private
    ? '🔒 Private: only you see it.'
    : 'Your mentors (if any) and the coach can see it; write `journal private …` to keep one to yourself.';
}

export const journal = defineCommand({
  name: 'journal',
  summary: 'Write a line about your day ("private" first hides it from your mentors)',
  usage: 'journal [private] <text>',
  examples: ['journal slept badly, long day at work #tired', 'journal private worried about money'],
  options: [{ name: 'text', description: 'What is on your mind', type: 'string', required: true }],
  args: z.object({ text: z.string(), private: z.boolean() }),
  parse(words) {
    const isPrivate = words[0]?.toLowerCase() === 'private';
    const text = (isPrivate ? words.slice(1) : words).join(' ').trim();
    if (!text) throw new UsageError('Write something after `journal`.');
    return { text, private: isPrivate };
  },
  async run(args, ctx) {
    const entry = await writeJournal(ctx.services, ctx.coach.sentiment, ctx.member, args);
    return { text: `📓 Noted for ${entry.date}. ${sharing(entry)}${tagLine(entry)}`, ephemeral: true };
  },
});

export const mood = defineCommand({
  name: 'mood',
  summary: 'Check in your mood from 1 (low) to 5 (great), with an optional note',
  usage: 'mood <1-5> [note]',
  examples: ['mood 4', 'mood 2 rough night'],
  options: [
    { name: 'mood', description: '1 (low) to 5 (great)', type: 'integer', required: true, min: 1, max: 5 },
    { name: 'note', description: 'A few words', type: 'string' },
  ],
  args: z.object({ mood: z.number(), note: z.string() }),
  parse(words) {
    const value = words[0] ?? '';
    if (!/^[1-5]$/.test(value))
      throw new UsageError('Give your mood as a whole number from 1 (low) to 5 (great).');
    return { mood: Number(value), note: words.slice(1).join(' ').trim() };
  },
  async run({ mood: value, note }, ctx) {
    const entry = await writeJournal(ctx.services, ctx.coach.sentiment, ctx.member, {
      text: note,
      mood: value,
    });
    const kind = value <= 2 ? ' Thanks for saying so; go easy on yourself today.' : '';
    return {
      text: `📓 Mood ${value}/5 (${MOODS[value]}) noted for ${entry.date}.${kind} ${sharing(entry)}${tagLine(entry)}`,
      ephemeral: true,
    };
  },
});
