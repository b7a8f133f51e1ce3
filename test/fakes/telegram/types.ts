/** Shapes the fake records and accepts; shared by its modules and by tests. */
import type { ChatMember, Message, Update, UserFromGetMe } from 'telegraf/types';

/** A file part of a multipart body. */
export interface FilePart {
  filename: string;
  contentType: string;
  bytes: Buffer;
}

/**
 * A call's parameters as they came over the wire. JSON keeps its types; urlencoded, query-string
 * and multipart values are strings (telegraf sends `chat_id: "42"` and a JSON-encoded
 * `reply_markup` string when it switches to multipart), and multipart file parts are FileParts.
 */
export type Params = Record<string, unknown>;

/** The answer the fake sent for a call. */
export type ApiAnswer =
  | { ok: true; result: unknown }
  | {
      ok: false;
      error_code: number;
      description: string;
      parameters?: { retry_after?: number };
    };

/** One Bot API call as the fake received it. */
export interface RecordedCall {
  /** The canonical method name (`sendMessage`), whatever case the client used. */
  method: string;
  params: Params;
  /** How the parameters were encoded: telegraf uses `json`, and `multipart` when it uploads a file. */
  encoding: 'json' | 'urlencoded' | 'multipart' | 'query' | 'none';
  at: Date;
  /** Set once the fake has answered; a held getUpdates has none until it returns. */
  answer?: ApiAnswer;
}

/** Something the fake did not understand or would not accept; a passing test expects none. */
export interface UnexpectedCall {
  /** `POST /bot<token>/fooBar`, with a wrong token redacted. */
  request: string;
  reason: 'unknown method' | 'wrong token' | 'unknown route' | 'unparseable body' | 'internal error';
  method?: string;
  params?: Params;
  at: Date;
}

/** A canned failure for the next call of a method. */
export type Failure = { retryAfter: number } | { errorCode: number; description: string };

/** A status getChatMember can be told to answer (restricted members are not modelled). */
export type MemberStatus = Exclude<ChatMember['status'], 'restricted'>;

/** What setWebhook last stored; `url` is '' when no webhook is set. */
export interface WebhookState {
  url: string;
  secretToken?: string;
  maxConnections?: number;
  allowedUpdates?: string[];
  ipAddress?: string;
}

export interface FakeTelegramOptions {
  /** The bot token; the numeric part before ':' becomes the bot's user id. */
  token?: string;
  /** Overrides for the bot user getMe returns (first_name, username, can_join_groups, …). */
  bot?: Partial<UserFromGetMe>;
  /** The clock for message dates, in ms since the epoch; defaults to Date.now. */
  now?: () => number;
}

export interface FakeTelegram {
  /** `http://127.0.0.1:PORT`: what telegraf's `telegram.apiRoot` option takes. */
  readonly apiRoot: string;
  readonly token: string;
  /** What getMe answers; assign it to `bot.botInfo` so telegraf skips its getMe call. */
  readonly botInfo: UserFromGetMe;
  /** Every call to a known method, failed ones included, in arrival order. */
  readonly calls: RecordedCall[];
  readonly unexpectedCalls: UnexpectedCall[];
  /** What setWebhook stored (the real API never reveals the secret; the fake does, for tests). */
  readonly webhook: Readonly<WebhookState>;
  callsTo(method: string): RecordedCall[];
  /**
   * The first call to `method` whose params satisfy `predicate`, already made or still to come.
   * It resolves once the fake has answered the call (so `call.answer` and `messagesIn` reflect it),
   * except getUpdates, which resolves when it arrives: a long poll may be held for its whole timeout.
   * Rejects after `timeoutMs` (default 5000) listing the calls to `method` seen so far.
   */
  waitForCall(
    method: string,
    predicate?: (params: Params, call: RecordedCall) => boolean,
    timeoutMs?: number,
  ): Promise<RecordedCall>;
  /** Queues an update for getUpdates (and remembers it, see `remember`). Its update_id must rise. */
  pushUpdate(update: Update): void;
  /**
   * Tells the fake about an update delivered some other way (webhook, `bot.handleUpdate`), so that
   * calls referring to it behave as on Telegram: its callback query can be answered, its messages
   * edited or deleted, and the bot's next message ids in its chat follow on.
   */
  remember(update: Update): void;
  /**
   * POSTs `update` to a loopback webhook as Telegram does, with the secret from setWebhook (or
   * `secretToken`; `null` sends no header), and remembers it. Refuses non-loopback URLs.
   */
  deliverWebhook(
    update: Update,
    target: { url: string; secretToken?: string | null },
  ): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>;
  /** Makes the next call to `method` fail; several failures queue up in order. */
  failNext(method: string, failure: Failure): void;
  /**
   * What getChatMember answers for `userId` in group `chatId` from now on, e.g. 'administrator'.
   * Unset, someone seen in the chat is a 'member' and anyone else has 'left'.
   */
  setChatMember(chatId: number, userId: number, status: MemberStatus): void;
  /** The messages currently in a chat (after edits and deletions), oldest first. */
  messagesIn(chatId: number | string): Message[];
  /** How many getUpdates requests the fake is holding open right now. */
  heldPolls(): number;
  /** Answers held getUpdates with [], closes every connection and stops listening. */
  close(): Promise<void>;
}
