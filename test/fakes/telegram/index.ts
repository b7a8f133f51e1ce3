/**
 * A local fake of the Telegram Bot API for tests that run the real telegraf. See server.ts for the
 * server, updates.ts for update builders; TESTING.md (section Telegram) for how telegraf talks to it.
 */
export { startFakeTelegram } from './server.js';
export { buildUser, callbackQueryUpdate, nextUpdateId, textMessageUpdate } from './updates.js';
export type { CallbackQueryInput, TextMessageInput, UserInput } from './updates.js';
export { DEFAULT_TOKEN } from './identity.js';
export type {
  ApiAnswer,
  Failure,
  FakeTelegram,
  FakeTelegramOptions,
  FilePart,
  MemberStatus,
  Params,
  RecordedCall,
  UnexpectedCall,
  WebhookState,
} from './types.js';
