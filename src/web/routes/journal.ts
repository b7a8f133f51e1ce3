/** /me/journal: the member's journal and mood entries over the API (the chat's `journal` and `mood`). */
import { z } from 'zod';
import { dateRangeSchema } from '../../services/inputs.js';
import {
  journalInputSchema,
  journalOf,
  lexiconScorer,
  putApiJournal,
  type SentimentScorer,
} from '../../services/journal.js';
import type { JournalEntry } from '../../store/entities/index.js';
import { defineRoute } from '../route.js';

const tag = 'Journal';

const entryDto = z
  .object({
    id: z.uuid(),
    date: z.string().meta({ format: 'date', example: '2026-11-20' }),
    text: z.string(),
    mood: z.number().int().nullable().meta({ description: '1 (low) … 5 (great); null for a journal line' }),
    sentiment: z.number().meta({ description: '-1 (very negative) … 1 (very positive)' }),
    sentimentEngine: z.string().meta({ description: '`lexicon`, `mood`, or the language model' }),
    tags: z.array(z.string()),
    private: z.boolean().meta({ description: 'Never shown to mentors' }),
    source: z.enum(['chat', 'api']),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'JournalEntry' });

function presentEntry(entry: JournalEntry): z.infer<typeof entryDto> {
  return {
    id: entry.id,
    date: entry.date,
    text: entry.text,
    mood: entry.mood,
    sentiment: entry.sentiment,
    sentimentEngine: entry.sentimentEngine,
    tags: entry.tags,
    private: entry.private,
    source: entry.source,
    createdAt: entry.createdAt.toISOString(),
    updatedAt: entry.updatedAt.toISOString(),
  };
}

/** The journal routes; `sentiment` scores new text (the lexicon unless a model is configured). */
export function journalRoutes(sentiment: SentimentScorer = lexiconScorer) {
  return [
    defineRoute({
      method: 'put',
      path: '/me/journal',
      summary: 'Write or replace your API journal entry for a day',
      description:
        'One API entry per local date (today when `date` is left out): sending the same body again ' +
        'changes nothing, a different body replaces it. Entries written in chat are separate. ' +
        'A mood is 1 (low) … 5 (great); `text` may be empty with a mood. Private entries are never ' +
        'shown to mentors. 400 for a date after your today, a mood outside 1-5, or neither text nor mood.',
      tag,
      body: journalInputSchema,
      response: entryDto,
      handler: async ({ services, user, body }) =>
        presentEntry((await putApiJournal(services, sentiment, user, body)).entry),
    }),
    defineRoute({
      method: 'get',
      path: '/me/journal',
      summary: 'Your journal and mood entries, oldest first',
      description: '`from` and `to` are local dates, inclusive; both optional.',
      tag,
      query: dateRangeSchema,
      response: z.object({ entries: z.array(entryDto) }),
      handler: async ({ services, user, query }) => ({
        entries: (await journalOf(services, user, { from: query.from, to: query.to })).map(presentEntry),
      }),
    }),
  ];
}
