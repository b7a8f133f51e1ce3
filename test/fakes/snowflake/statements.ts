/**
 * How the fake answers SQL: tests register answers by pattern; the newest matching one wins, so a
 * test can override one registered in beforeEach. DML and DDL nobody answered succeed the way
 * Snowflake reports them; an unanswered query (SELECT, WITH, SHOW, DESCRIBE) is a test's mistake.
 */
import { STATEMENT_TYPE } from './results.js';
import type { RecordedStatement, Reply, ReplyFn } from './types.js';

export interface AnswerOptions {
  /** Answers only this many statements, then stops matching; unlimited by default. */
  times?: number;
  /**
   * Answers "still running" (333333) first, then this many polls of `getResultUrl` more, before
   * the reply; 0 (the default) answers at once.
   */
  pendingPolls?: number;
}

interface Registered {
  pattern: RegExp | string;
  reply: Reply | ReplyFn;
  remaining: number;
  pendingPolls: number;
}

export class Answers {
  private readonly registered: Registered[] = [];

  add(pattern: RegExp | string, reply: Reply | ReplyFn, options: AnswerOptions = {}): void {
    this.registered.push({
      pattern,
      reply,
      remaining: options.times ?? Infinity,
      pendingPolls: options.pendingPolls ?? 0,
    });
  }

  /**
   * The reply for a statement and how many polls to make the driver wait; `unanswered` when a query
   * matched nothing (the server records it as unexpected and answers a SQL error).
   */
  replyFor(statement: RecordedStatement): { reply: Reply; pendingPolls: number } | 'unanswered' {
    for (let i = this.registered.length - 1; i >= 0; i--) {
      const entry = this.registered[i]!;
      if (entry.remaining <= 0 || !matches(entry.pattern, statement.sqlText)) continue;
      entry.remaining -= 1;
      const reply = typeof entry.reply === 'function' ? entry.reply(statement) : entry.reply;
      return { reply, pendingPolls: entry.pendingPolls };
    }
    const reply = defaultReply(statement);
    return reply ? { reply, pendingPolls: 0 } : 'unanswered';
  }
}

/** A string matches case-insensitively anywhere in the statement, whitespace runs made one space. */
function matches(pattern: RegExp | string, sqlText: string): boolean {
  if (pattern instanceof RegExp) return pattern.test(sqlText);
  const squash = (text: string) => text.replace(/\s+/g, ' ').trim().toLowerCase();
  return squash(sqlText).includes(squash(pattern));
}

/** What Snowflake answers a statement nobody registered an answer for; undefined for a query. */
function defaultReply(statement: RecordedStatement): Reply | undefined {
  const verb = /^\s*(?:--[^\n]*\n\s*)*(\w+)/.exec(statement.sqlText)?.[1]?.toUpperCase() ?? '';
  // Every bound row counts once, as Snowflake counts an array bind's rows.
  const affected = Math.max(statement.rows.length, 1);
  switch (verb) {
    case 'SELECT':
    case 'WITH':
    case 'SHOW':
    case 'DESCRIBE':
    case 'DESC':
      return undefined;
    case 'INSERT':
      return { rows: [{ 'number of rows inserted': affected }], statementTypeId: STATEMENT_TYPE.INSERT };
    case 'MERGE':
      return {
        rows: [{ 'number of rows inserted': affected, 'number of rows updated': 0 }],
        statementTypeId: STATEMENT_TYPE.MERGE,
      };
    case 'UPDATE':
      return { rows: [{ 'number of rows updated': 0 }], statementTypeId: STATEMENT_TYPE.UPDATE };
    case 'DELETE':
      return { rows: [{ 'number of rows deleted': 0 }], statementTypeId: STATEMENT_TYPE.DELETE };
    default:
      return {
        rows: [{ status: 'Statement executed successfully.' }],
        statementTypeId: STATEMENT_TYPE.DDL,
      };
  }
}
