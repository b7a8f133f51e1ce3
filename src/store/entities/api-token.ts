import { randomUUID } from 'node:crypto';
import { EntitySchema, OptionalProps } from '@mikro-orm/core';
import { timestampProperties } from './timestamps.js';
import { User } from './user.js';

/** A personal API token; only its SHA-256 hash is stored, the token itself is shown once. */
export class ApiToken {
  [OptionalProps]?: 'lastUsedAt' | 'createdAt' | 'updatedAt';
  id: string = randomUUID();
  user!: User;
  tokenHash!: string;
  /** The first characters of the token, to tell tokens apart in a list. */
  prefix!: string;
  lastUsedAt: Date | null = null;
  createdAt = new Date();
  updatedAt = new Date();
}

export const ApiTokenSchema = new EntitySchema<ApiToken>({
  class: ApiToken,
  tableName: 'api_tokens',
  properties: {
    id: { type: 'uuid', primary: true },
    user: { kind: 'm:1', entity: () => User, deleteRule: 'cascade', index: 'api_tokens_user_id_index' },
    tokenHash: { type: 'string', length: 64, unique: 'api_tokens_token_hash_unique' },
    prefix: { type: 'string', length: 16 },
    lastUsedAt: { type: 'Date', nullable: true },
    ...timestampProperties,
  },
});
