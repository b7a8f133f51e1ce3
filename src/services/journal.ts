/**
 * Journal lines and mood check-ins (`journal`, `mood`, `PUT /me/journal`): scored for sentiment
 * (-1..1) by a SentimentScorer — Gemini when configured (src/coach/sentiment.ts), the local
 * lexicon otherwise (src/domain/sentiment.ts) — and tagged. Shared with the member's mentors and
 * the coach unless written private.
 */
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { z } from 'zod';
import { addDays } from '../domain/dates.js';
import { hasSentimentWords, lexiconSentiment, moodSentiment, tagsOf } from '../domain/sentiment.js';
import type { LocalDate } from '../domain/types.js';
import { ValidationError } from '../errors.js';
import { JournalEntry, type User } from '../store/entities/index.js';
import { todayFor, type ServiceContext } from './context.js';
import { localDateSchema, textSchema } from './inputs.js';

export const MAX_JOURNAL_CHARS = 2000;

export interface Sentiment {
  /** -1 (very negative) … 1 (very positive). */
  score: number;
  /** `lexicon`, or the model's name. */
  engine: string;
}

/** Scores a journal line. Never throws: a model that fails falls back to the lexicon. */
export interface SentimentScorer {
  score(text: string): Promise<Sentiment>;
}

/** The local scorer, used when no model is configured. */
export const lexiconScorer: SentimentScorer = {
  score: async (text) => ({ score: lexiconSentiment(text), engine: 'lexicon' }),
};

export const journalInputSchema = z.strictObject({
  date: localDateSchema.optional().meta({ description: 'Your local date; today when left out' }),
  text: textSchema(MAX_JOURNAL_CHARS),
  mood: z.number().int().min(1).max(5).nullable().optional().meta({ description: '1 (low) … 5 (great)' }),
  private: z.boolean().optional().meta({ description: 'Private entries are never shown to mentors' }),
});
export type JournalInput = z.infer<typeof journalInputSchema>;

/** The entry's sentiment: the words', or the mood's when there are none that tell. */
async function sentimentOf(scorer: SentimentScorer, text: string, mood: number | null): Promise<Sentiment> {
  if (mood !== null && !hasSentimentWords(text)) return { score: moodSentiment(mood), engine: 'mood' };
  if (!text.trim()) return { score: 0, engine: 'lexicon' };
  const scored = await scorer.score(text);
  // A mood said in numbers weighs as much as the words around it.
  return mood === null ? scored : { ...scored, score: (scored.score + moodSentiment(mood)) / 2 };
}

function checkedDate(ctx: ServiceContext, user: User, date: LocalDate | undefined): LocalDate {
  const today = todayFor(ctx, user);
  if (!date) return today;
  if (date > today) throw ValidationError(`The date must not be after your today, ${today}.`);
  return date;
}

function checkedInput(input: JournalInput): JournalInput {
  const parsed = journalInputSchema.safeParse(input);
  if (!parsed.success) throw ValidationError(parsed.error.issues[0]!.message);
  if (!parsed.data.text && !parsed.data.mood) throw ValidationError('Write something, or give a mood 1-5.');
  return parsed.data;
}

/** A new entry from chat (`journal …`, `mood …`): every line is its own entry. */
export async function writeJournal(
  ctx: ServiceContext,
  scorer: SentimentScorer,
  user: User,
  input: JournalInput,
): Promise<JournalEntry> {
  const { text, mood = null, private: isPrivate = false, date } = checkedInput(input);
  const day = checkedDate(ctx, user, date);
  const sentiment = await sentimentOf(scorer, text, mood);
  const entry = ctx.em.create(JournalEntry, {
    user,
    date: day,
    text,
    mood,
    sentiment: sentiment.score,
    sentimentEngine: sentiment.engine,
    tags: tagsOf(text),
    private: isPrivate,
    source: 'chat',
    createdAt: ctx.now(),
    updatedAt: ctx.now(),
  });
  await ctx.em.flush();
  return entry;
}

/**
 * The member's API entry for a local date, written or replaced (`PUT /me/journal`): the same body
 * twice leaves one entry, as it was. Returns it, and whether it was new.
 */
export async function putApiJournal(
  ctx: ServiceContext,
  scorer: SentimentScorer,
  user: User,
  input: JournalInput,
): Promise<{ entry: JournalEntry; created: boolean }> {
  const { text, mood = null, private: isPrivate = false, date } = checkedInput(input);
  const day = checkedDate(ctx, user, date);
  const existing = await ctx.em.findOne(JournalEntry, { user, date: day, source: 'api' });
  // The same words score the same: no second model call for a repeat.
  const same = existing && existing.text === text && existing.mood === mood;
  const sentiment = same
    ? { score: existing.sentiment, engine: existing.sentimentEngine }
    : await sentimentOf(scorer, text, mood);
  const fields = {
    text,
    mood,
    sentiment: sentiment.score,
    sentimentEngine: sentiment.engine,
    tags: tagsOf(text),
    private: isPrivate,
  };
  if (existing) {
    const changed = (Object.keys(fields) as (keyof typeof fields)[]).some(
      (key) => JSON.stringify(existing[key]) !== JSON.stringify(fields[key]),
    );
    if (changed) {
      ctx.em.assign(existing, { ...fields, updatedAt: ctx.now() });
      await ctx.em.flush();
    }
    return { entry: existing, created: false };
  }
  try {
    const entry = ctx.em.create(JournalEntry, {
      user,
      date: day,
      ...fields,
      source: 'api',
      createdAt: ctx.now(),
      updatedAt: ctx.now(),
    });
    await ctx.em.flush();
    return { entry, created: true };
  } catch (error) {
    // The same PUT twice at once: the other one wrote it; write over it once more.
    if (!(error instanceof UniqueConstraintViolationException)) throw error;
    ctx.em.clear();
    const winner = await ctx.em.findOneOrFail(JournalEntry, { user: user.id, date: day, source: 'api' });
    ctx.em.assign(winner, { ...fields, updatedAt: ctx.now() });
    await ctx.em.flush();
    return { entry: winner, created: false };
  }
}

/** The member's entries from `from` to `to` (inclusive, local dates), oldest first. */
export async function journalOf(
  ctx: ServiceContext,
  user: User,
  range: { from?: LocalDate; to?: LocalDate; sharedOnly?: boolean } = {},
): Promise<JournalEntry[]> {
  const date = {
    ...(range.from && { $gte: range.from }),
    ...(range.to && { $lte: range.to }),
  };
  return ctx.em.find(
    JournalEntry,
    {
      user,
      ...(Object.keys(date).length && { date }),
      ...(range.sharedOnly && { private: false }),
    },
    { orderBy: { date: 'asc', createdAt: 'asc', id: 'asc' } },
  );
}

/** The member's shared (not private) entries of the last `days` days up to today, oldest first. */
export function recentSharedJournal(ctx: ServiceContext, user: User, days = 7): Promise<JournalEntry[]> {
  const today = todayFor(ctx, user);
  return journalOf(ctx, user, { from: addDays(today, -(days - 1)), to: today, sharedOnly: true });
}
