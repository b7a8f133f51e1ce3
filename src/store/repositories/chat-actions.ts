/** Queries over the buttons the core showed (chat_actions). */
import type { EntityManager } from '@mikro-orm/postgresql';
import { ChatAction, type User } from '../entities/index.js';
import { queryPrepared, type StatementPart } from '../prepared.js';

/** A button to store: its opaque id, its owner and the command pressing it runs. */
export interface NewButton {
  id: string;
  owner: User | null;
  command: string;
  expiresAt: Date;
  singleUse: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * Stores a reply's buttons in one INSERT, outside the unit of work and in plain SQL (this runs on
 * nearly every answer, and the ORM's query building costs more than the round trip).
 */
export async function storeButtons(em: EntityManager, buttons: NewButton[]): Promise<void> {
  if (buttons.length === 0) return;
  const insert = buttonsInsert(buttons);
  await queryPrepared(em, insert.sql, insert.params);
}

/** The INSERT that stores `buttons` (at least one), for a statement of its own or a CTE. */
export function buttonsInsert(buttons: NewButton[]): StatementPart {
  return {
    sql: `insert into chat_actions (id, owner_id, command, expires_at, single_use, created_at, updated_at)
     values ${buttons.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
    params: buttons.flatMap((button) => [
      button.id,
      button.owner?.id ?? null,
      button.command,
      button.expiresAt,
      button.singleUse,
      button.createdAt,
      button.updatedAt,
    ]),
  };
}

/** The button with the id a platform sent back, whoever owns it and however old (by primary key). */
export async function findButton(em: EntityManager, id: string): Promise<ChatAction | null> {
  return em.findOne(ChatAction, { id });
}

/**
 * Marks a single-use button used, atomically (by primary key): of two presses at once (a double
 * click, two devices), exactly one gets true.
 */
export async function claimButton(em: EntityManager, id: string, now: Date): Promise<boolean> {
  const claimed = await queryPrepared<{ id: string }>(
    em,
    `update chat_actions set used_at = ?, updated_at = ? where id = ? and used_at is null returning id`,
    [now, now, id],
  );
  return claimed.length === 1;
}
