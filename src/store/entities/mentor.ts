import { randomUUID } from 'node:crypto';
import { EntitySchema, OptionalProps } from '@mikro-orm/core';
import { timestampProperties } from './timestamps.js';
import { User } from './user.js';

export type MentorshipStatus = 'pending' | 'active';

/**
 * A mentor following a mentee, with the mentee's consent: `active` once the mentee gave a code
 * (`mentor invite` → `mentee add <code>`) or accepted a request (`mentee request @person`);
 * `pending` while a request waits for Accept. Ending it deletes the row: the mentor sees nothing
 * more from then on.
 */
export class Mentorship {
  [OptionalProps]?: 'status' | 'acceptedAt' | 'createdAt' | 'updatedAt';
  id: string = randomUUID();
  mentor!: User;
  mentee!: User;
  status: MentorshipStatus = 'active';
  acceptedAt: Date | null = null;
  createdAt = new Date();
  updatedAt = new Date();
}

/** A one-time code a mentee hands their mentor (`mentor invite`); only its hash is kept. */
export class MentorInvite {
  [OptionalProps]?: 'createdAt' | 'updatedAt';
  codeHash!: string;
  mentee!: User;
  expiresAt!: Date;
  createdAt = new Date();
  updatedAt = new Date();
}

/** A single-use login link for the mentor web page (`mentor login`); only its hash is kept. */
export class MentorLoginLink {
  [OptionalProps]?: 'usedAt' | 'createdAt' | 'updatedAt';
  tokenHash!: string;
  mentor!: User;
  expiresAt!: Date;
  usedAt: Date | null = null;
  createdAt = new Date();
  updatedAt = new Date();
}

/** A signed-in browser of a mentor: the cookie holds the id, the database only its hash. */
export class MentorSession {
  [OptionalProps]?: 'createdAt' | 'updatedAt';
  idHash!: string;
  mentor!: User;
  /** The token every form of this session carries (CSRF). */
  csrfToken!: string;
  expiresAt!: Date;
  createdAt = new Date();
  updatedAt = new Date();
}

/** A question a mentor asked the AI about a mentee, with its answer and the numbered sources. */
export class MentorInsight {
  [OptionalProps]?: 'mentee' | 'createdAt' | 'updatedAt';
  id: string = randomUUID();
  mentor!: User;
  /** Null once the mentee is forgotten: the mentor's audit keeps the question, not the member. */
  mentee: User | null = null;
  question!: string;
  answer!: string;
  sources!: { n: number; label: string; value: string; from?: string; to?: string }[];
  engine!: string;
  tokens!: number;
  createdAt = new Date();
  updatedAt = new Date();
}

/** A nudge a mentor sent a mentee from the web page (at most 3 a day per mentee). */
export class MentorNudge {
  [OptionalProps]?: 'createdAt' | 'updatedAt';
  id: string = randomUUID();
  mentor!: User;
  mentee!: User;
  /** The mentee's local date it was sent on (the daily limit counts these). */
  date!: string;
  message!: string;
  createdAt = new Date();
  updatedAt = new Date();
}

export const MentorshipSchema = new EntitySchema<Mentorship>({
  class: Mentorship,
  tableName: 'mentorships',
  uniques: [{ name: 'mentorships_mentor_id_mentee_id_unique', properties: ['mentor', 'mentee'] }],
  properties: {
    id: { type: 'uuid', primary: true },
    mentor: { kind: 'm:1', entity: () => User, deleteRule: 'cascade' },
    mentee: { kind: 'm:1', entity: () => User, deleteRule: 'cascade', index: 'mentorships_mentee_id_index' },
    status: { type: 'string', length: 10 },
    acceptedAt: { type: 'Date', nullable: true },
    ...timestampProperties,
  },
});

export const MentorInviteSchema = new EntitySchema<MentorInvite>({
  class: MentorInvite,
  tableName: 'mentor_invites',
  properties: {
    codeHash: { type: 'string', length: 64, primary: true },
    mentee: {
      kind: 'm:1',
      entity: () => User,
      deleteRule: 'cascade',
      index: 'mentor_invites_mentee_id_index',
    },
    expiresAt: { type: 'Date' },
    ...timestampProperties,
  },
});

export const MentorLoginLinkSchema = new EntitySchema<MentorLoginLink>({
  class: MentorLoginLink,
  tableName: 'mentor_login_links',
  properties: {
    tokenHash: { type: 'string', length: 64, primary: true },
    mentor: {
      kind: 'm:1',
      entity: () => User,
      deleteRule: 'cascade',
      index: 'mentor_login_links_mentor_id_index',
    },
    expiresAt: { type: 'Date' },
    usedAt: { type: 'Date', nullable: true },
    ...timestampProperties,
  },
});

export const MentorSessionSchema = new EntitySchema<MentorSession>({
  class: MentorSession,
  tableName: 'mentor_sessions',
  properties: {
    idHash: { type: 'string', length: 64, primary: true },
    mentor: {
      kind: 'm:1',
      entity: () => User,
      deleteRule: 'cascade',
      index: 'mentor_sessions_mentor_id_index',
    },
    csrfToken: { type: 'string', length: 64 },
    expiresAt: { type: 'Date' },
    ...timestampProperties,
  },
});

export const MentorInsightSchema = new EntitySchema<MentorInsight>({
  class: MentorInsight,
  tableName: 'mentor_insights',
  indexes: [{ name: 'mentor_insights_mentor_id_created_at_index', properties: ['mentor', 'createdAt'] }],
  properties: {
    id: { type: 'uuid', primary: true },
    mentor: { kind: 'm:1', entity: () => User, deleteRule: 'cascade' },
    mentee: {
      kind: 'm:1',
      entity: () => User,
      deleteRule: 'set null',
      nullable: true,
      index: 'mentor_insights_mentee_id_index',
    },
    question: { type: 'text' },
    answer: { type: 'text' },
    sources: { type: 'json' },
    engine: { type: 'string', length: 30 },
    tokens: { type: 'integer' },
    ...timestampProperties,
  },
});

export const MentorNudgeSchema = new EntitySchema<MentorNudge>({
  class: MentorNudge,
  tableName: 'mentor_nudges',
  indexes: [{ name: 'mentor_nudges_mentee_id_date_index', properties: ['mentee', 'date'] }],
  properties: {
    id: { type: 'uuid', primary: true },
    mentor: {
      kind: 'm:1',
      entity: () => User,
      deleteRule: 'cascade',
      index: 'mentor_nudges_mentor_id_index',
    },
    mentee: { kind: 'm:1', entity: () => User, deleteRule: 'cascade' },
    date: { type: 'date' },
    message: { type: 'text' },
    ...timestampProperties,
  },
});
