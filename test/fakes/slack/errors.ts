/** How a Web API method handler refuses a call. */

/**
 * An `{ok:false, error}` answer the fake gives on its own because the caller got something wrong
 * (a missing argument, a wrong token, an unknown file). The server records each one in
 * `unexpectedCalls` too: Slack would have refused the call, so a passing test expects none.
 */
export class SlackApiError extends Error {
  constructor(
    readonly error: string,
    /** Slack's `response_metadata.messages`, e.g. `[ERROR] missing required field: channel`. */
    readonly messages: string[] = [],
  ) {
    super(messages.length > 0 ? `${error}: ${messages.join('; ')}` : error);
  }
}

/** Throws `invalid_arguments` naming every absent field, in the words Slack uses. */
export function requireArgs(args: Record<string, unknown>, ...fields: string[]): void {
  const missing = fields.filter((field) => args[field] === undefined || args[field] === '');
  if (missing.length > 0) {
    throw new SlackApiError(
      'invalid_arguments',
      missing.map((field) => `[ERROR] missing required field: ${field}`),
    );
  }
}

/** chat.* methods refuse a message without any content with `no_text`. */
export function requireMessageContent(args: Record<string, unknown>): void {
  if (!args.text && !args.blocks && !args.attachments && !args.markdown_text) {
    throw new SlackApiError('no_text');
  }
}
