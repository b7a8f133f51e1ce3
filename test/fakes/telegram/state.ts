/** Everything a method handler may read or change, in one place. */
import type { BotCommand, PhotoSize, UserFromGetMe } from 'telegraf/types';
import type { ChatStore } from './chats.js';
import type { UpdateQueue } from './long-polling.js';
import type { MemberStatus, Params, WebhookState } from './types.js';

export interface FakeState {
  readonly bot: UserFromGetMe;
  /** Seconds since the epoch, for message dates. */
  nowSeconds(): number;
  readonly chats: ChatStore;
  readonly updates: UpdateQueue;
  webhook: WebhookState;
  /** setMyCommands lists by scope and language, keyed by commandsKey(). */
  readonly commands: Map<string, BotCommand[]>;
  /** Every photo file_id the fake handed out, to the sizes it belongs to. */
  readonly photos: Map<string, PhotoSize[]>;
  /** getChatMember's answers as a test set them, keyed by memberKey(chat id, user id). */
  readonly memberStatuses: Map<string, MemberStatus>;
}

/** What a handler gets besides its parameters. */
export interface CallContext {
  state: FakeState;
  /** Aborts when the client hangs up; getUpdates stops holding its request then. */
  signal: AbortSignal;
}

/** Answers one method: returns the `result`, or throws an ApiError. */
export type MethodHandler = (params: Params, context: CallContext) => unknown;
