import { randomUUID } from 'node:crypto';
import { EntitySchema, OptionalProps } from '@mikro-orm/core';
import { timestampProperties } from './timestamps.js';
import { User } from './user.js';

/** A member's account on one platform (Slack team, Discord guild, Telegram, console). */
export class Identity {
  [OptionalProps]?: 'workspace' | 'displayName' | 'dmChannel' | 'privateAt' | 'createdAt' | 'updatedAt';
  id: string = randomUUID();
  user!: User;
  platform!: string;
  /** Slack team id, Discord guild id, or '' where the platform has no workspaces. */
  workspace = '';
  platformUserId!: string;
  displayName: string | null = null;
  /** The direct-message conversation with Stride (Slack DM channel, Telegram chat id), once known. */
  dmChannel: string | null = null;
  /** When the member last talked to Stride privately here: messages go to the latest. */
  privateAt: Date | null = null;
  createdAt = new Date();
  updatedAt = new Date();
}

export const IdentitySchema = new EntitySchema<Identity>({
  class: Identity,
  tableName: 'identities',
  uniques: [
    { name: 'identities_platform_account_unique', properties: ['platform', 'workspace', 'platformUserId'] },
  ],
  properties: {
    id: { type: 'uuid', primary: true },
    user: { kind: 'm:1', entity: () => User, deleteRule: 'cascade', index: 'identities_user_id_index' },
    platform: { type: 'string', length: 20 },
    workspace: { type: 'string', length: 64 },
    platformUserId: { type: 'string', length: 64 },
    displayName: { type: 'string', length: 100, nullable: true },
    dmChannel: { type: 'string', length: 64, nullable: true },
    privateAt: { type: 'Date', nullable: true },
    ...timestampProperties,
  },
});
