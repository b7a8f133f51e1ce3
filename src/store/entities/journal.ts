import { randomUUID } from 'node:crypto';
import { EntitySchema, OptionalProps } from '@mikro-orm/core';
import { timestampProperties } from './timestamps.js';
import { User } from './user.js';

/**
 * A journal line or a mood check-in (`journal <text>`, `mood <1-5> [note]`): shared with the
 * member's mentors unless written `journal private …`, scored for sentiment (-1..1) by Gemini when
 * configured, a local lexicon otherwise.
 */
export class JournalEntry {
  [OptionalProps]?: 'mood' | 'tags' | 'private' | 'source' | 'createdAt' | 'updatedAt';
  id: string = randomUUID();
  user!: User;
  /** The member's local date it was written on. */
  date!: string;
  text!: string;
  /** 1 (low) … 5 (great) for a mood check-in; null for a journal line. */
  mood: number | null = null;
  sentiment!: number;
  /** How the sentiment was scored: `gemini` or `lexicon`. */
  sentimentEngine!: string;
  tags: string[] = [];
  private = false;
  /** Where it was written: `chat`, or `api` (one per member and date, which PUT replaces). */
  source: 'chat' | 'api' = 'chat';
  createdAt = new Date();
  updatedAt = new Date();
}

export const JournalEntrySchema = new EntitySchema<JournalEntry>({
  class: JournalEntry,
  tableName: 'journal_entries',
  indexes: [{ name: 'journal_entries_user_id_date_index', properties: ['user', 'date'] }],
  uniques: [
    {
      name: 'journal_entries_user_id_date_api_unique',
      expression:
        'create unique index "journal_entries_user_id_date_api_unique" on "journal_entries" ("user_id", "date") where "source" = \'api\'',
    },
  ],
  properties: {
    id: { type: 'uuid', primary: true },
    user: { kind: 'm:1', entity: () => User, deleteRule: 'cascade' },
    date: { type: 'date' },
    text: { type: 'text' },
    mood: { type: 'smallint', nullable: true },
    sentiment: { type: 'double' },
    sentimentEngine: { type: 'string', length: 20 },
    tags: { type: 'json', default: '[]' },
    private: { type: 'boolean', default: false },
    source: { type: 'string', length: 10, default: 'chat' },
    ...timestampProperties,
  },
});
