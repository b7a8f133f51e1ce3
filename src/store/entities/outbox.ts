import { randomUUID } from 'node:crypto';
import { EntitySchema, OptionalProps } from '@mikro-orm/core';
import type { DraftReply } from '../../ports/chat.js';
import { timestampProperties } from './timestamps.js';
import { User } from './user.js';

export type OutboxStatus = 'queued' | 'sent' | 'failed' | 'dead';

/** An explicit place to send to (a group channel); null sends to wherever the member is reached. */
export interface OutboxChannel {
  platform: string;
  channelId: string;
  workspace?: string;
}

/**
 * A message Stride starts itself (reminder, nudge, alert, celebration, review): written here first,
 * then delivered by whichever process runs the delivery loop. The dedupe key makes enqueueing
 * idempotent: the database refuses a second row with the same key, so a job run twice, or two
 * workers racing, send once.
 */
export class OutboxMessage {
  [OptionalProps]?:
    | 'user'
    | 'channel'
    | 'status'
    | 'attempts'
    | 'nextAttemptAt'
    | 'lockedUntil'
    | 'lastError'
    | 'platform'
    | 'sentAt'
    | 'readAt'
    | 'createdAt'
    | 'updatedAt';
  id: string = randomUUID();
  /** The member it is for (its buttons are theirs); null for a message to a channel only. */
  user: User | null = null;
  channel: OutboxChannel | null = null;
  /** reminder, habit_reminder, nudge, risk, celebration, … (for operators and metrics). */
  kind!: string;
  dedupeKey!: string;
  /** The message as drafted: buttons name their commands and are stored when it is sent. */
  reply!: DraftReply;
  status: OutboxStatus = 'queued';
  attempts = 0;
  /** Not before this instant: the backoff after a failure, or the end of the member's quiet hours. */
  nextAttemptAt = new Date();
  /** A delivery in progress holds the row until then; a crashed sender's row is picked up after. */
  lockedUntil: Date | null = null;
  lastError: string | null = null;
  /** The platform it went (or last tried to go) to. */
  platform: string | null = null;
  sentAt: Date | null = null;
  /** Console messages wait in an inbox until `stride chat` shows them. */
  readAt: Date | null = null;
  createdAt = new Date();
  updatedAt = new Date();
}

/** One run of a job (scheduled or by `stride jobs run`): what `stride jobs list` and /metrics report. */
export class JobRun {
  [OptionalProps]?: 'finishedAt' | 'result' | 'error' | 'createdAt' | 'updatedAt';
  id: string = randomUUID();
  job!: string;
  /** The instant the job ran as (the clock it was given). */
  asOf!: Date;
  startedAt!: Date;
  finishedAt: Date | null = null;
  result: Record<string, unknown> | null = null;
  error: string | null = null;
  createdAt = new Date();
  updatedAt = new Date();
}

export const OutboxMessageSchema = new EntitySchema<OutboxMessage>({
  class: OutboxMessage,
  tableName: 'outbox',
  indexes: [
    {
      name: 'outbox_pending_index',
      expression:
        'create index "outbox_pending_index" on "outbox" ("next_attempt_at") where "status" in (\'queued\', \'failed\')',
    },
  ],
  properties: {
    id: { type: 'uuid', primary: true },
    user: {
      kind: 'm:1',
      entity: () => User,
      deleteRule: 'cascade',
      nullable: true,
      index: 'outbox_user_id_index',
    },
    channel: { type: 'json', nullable: true },
    kind: { type: 'string', length: 30 },
    dedupeKey: { type: 'string', length: 200, unique: 'outbox_dedupe_key_unique' },
    reply: { type: 'json' },
    status: { type: 'string', length: 10 },
    attempts: { type: 'integer' },
    nextAttemptAt: { type: 'Date' },
    lockedUntil: { type: 'Date', nullable: true },
    lastError: { type: 'text', nullable: true },
    platform: { type: 'string', length: 20, nullable: true },
    sentAt: { type: 'Date', nullable: true },
    readAt: { type: 'Date', nullable: true },
    ...timestampProperties,
  },
});

export const JobRunSchema = new EntitySchema<JobRun>({
  class: JobRun,
  tableName: 'job_runs',
  indexes: [{ name: 'job_runs_job_started_at_index', properties: ['job', 'startedAt'] }],
  properties: {
    id: { type: 'uuid', primary: true },
    job: { type: 'string', length: 50 },
    asOf: { type: 'Date' },
    startedAt: { type: 'Date' },
    finishedAt: { type: 'Date', nullable: true },
    result: { type: 'json', nullable: true },
    error: { type: 'text', nullable: true },
    ...timestampProperties,
  },
});
