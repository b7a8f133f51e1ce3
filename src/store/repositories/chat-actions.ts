/** Queries over the buttons the core showed (chat_actions). */
import type { EntityManager } from '@mikro-orm/postgresql';
import { ChatAction, type User } from '../entities/index.js';

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

/** Stores a reply's buttons in one INSERT, outside the unit of work (this runs on every answer). */
export async function storeButtons(em: EntityManager, buttons: NewButton[]): Promise<void> {
  await em.insertMany(ChatAction, buttons);
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
  const claimed = await em
    .getConnection()
    .execute<{ id: string }[]>(
      `update chat_actions set used_at = ?, updated_at = ? where id = ? and used_at is null returning id`,
      [now, now, id],
    );
  return claimed.length === 1;
}
