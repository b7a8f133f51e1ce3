import { EntitySchema, OptionalProps } from '@mikro-orm/core';
import { timestampProperties } from './timestamps.js';
import { User } from './user.js';

/**
 * A button the core showed to a member: what pressing it runs, and whose it is. Platforms carry
 * only the short id (Telegram's callback data holds 64 bytes, Discord's custom_id 100).
 */
export class ChatAction {
  [OptionalProps]?: 'singleUse' | 'usedAt' | 'createdAt' | 'updatedAt';
  id!: string;
  /**
   * Only this member may press it. Null for a button on a message to a whole channel (a group's
   * "My week"): whoever presses it runs its command as themselves.
   */
  owner!: User | null;
  /** The command line pressing the button runs, as the owner. */
  command!: string;
  /** After this, pressing the button only says it has expired. */
  expiresAt!: Date;
  /** A confirmation (delete, forget-me, create a plan) runs once, however often it is pressed. */
  singleUse = false;
  /** When a single-use button was pressed; null while it can still be. */
  usedAt: Date | null = null;
  createdAt = new Date();
  updatedAt = new Date();
}

/**
 * A platform event already answered, with its reply: a retry gets the same reply, not a rerun. An
 * event id is only trusted within its platform, workspace and sender, so one member's id can never
 * fetch another member's reply.
 */
export class HandledEvent {
  [OptionalProps]?: 'user' | 'reply' | 'createdAt' | 'updatedAt';
  id!: string;
  platform!: string;
  /** The Slack team or Discord guild; '' where the platform has none. */
  workspace!: string;
  /** The platform's id of the person whose delivery it was. */
  sender!: string;
  eventId!: string;
  /**
   * The member the sender was when the reply was recorded, so that forget-me erases their handled
   * events with them. Null while the first delivery is still being handled, and for a delivery
   * that removed its member (forget-me's own confirmation).
   */
  user: User | null = null;
  /** Null while the first delivery is still being handled. Never a secret (see recordReply). */
  reply: Record<string, unknown> | null = null;
  createdAt = new Date();
  updatedAt = new Date();
}

/** A one-time code that links another platform's identity to this member (`link`). */
export class LinkCode {
  [OptionalProps]?: 'createdAt' | 'updatedAt';
  codeHash!: string;
  user!: User;
  expiresAt!: Date;
  createdAt = new Date();
  updatedAt = new Date();
}

export const ChatActionSchema = new EntitySchema<ChatAction>({
  class: ChatAction,
  tableName: 'chat_actions',
  properties: {
    id: { type: 'string', length: 16, primary: true },
    owner: {
      kind: 'm:1',
      entity: () => User,
      deleteRule: 'cascade',
      nullable: true,
      index: 'chat_actions_owner_id_index',
    },
    command: { type: 'text' },
    expiresAt: { type: 'Date' },
    singleUse: { type: 'boolean', default: false },
    usedAt: { type: 'Date', nullable: true },
    ...timestampProperties,
  },
});

export const HandledEventSchema = new EntitySchema<HandledEvent>({
  class: HandledEvent,
  tableName: 'handled_events',
  uniques: [
    {
      name: 'handled_events_platform_workspace_sender_event_id_unique',
      properties: ['platform', 'workspace', 'sender', 'eventId'],
    },
  ],
  properties: {
    id: { type: 'uuid', primary: true },
    platform: { type: 'string', length: 20 },
    workspace: { type: 'string', length: 64 },
    sender: { type: 'string', length: 64 },
    eventId: { type: 'string', length: 200 },
    user: {
      kind: 'm:1',
      entity: () => User,
      nullable: true,
      deleteRule: 'cascade',
      index: 'handled_events_user_id_index',
    },
    reply: { type: 'json', nullable: true },
    ...timestampProperties,
  },
});

export const LinkCodeSchema = new EntitySchema<LinkCode>({
  class: LinkCode,
  tableName: 'link_codes',
  properties: {
    codeHash: { type: 'string', length: 64, primary: true },
    user: { kind: 'm:1', entity: () => User, deleteRule: 'cascade', index: 'link_codes_user_id_index' },
    expiresAt: { type: 'Date' },
    ...timestampProperties,
  },
});
