/**
 * The invocation as the chat core reads it: cleaned of control characters before any of it is
 * stored, the platform account it comes from, and the member's locale asked for only when a line
 * holds a numeric date.
 */
import type { PlatformAccount } from '../services/identities.js';
import type { Invocation } from '../ports/chat.js';

// C0 control characters but tab and newline (and DEL): PostgreSQL refuses NUL in text, and none
// of them means anything in a chat line.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F]/g;

/** `text` without control characters other than tab and newline. */
export function stripControl(text: string): string {
  return text.replace(CONTROL, '');
}

/** The invocation with every string a member can put in it cleaned, once, before any of it is stored. */
export function cleanInvocation(invocation: Invocation): Invocation {
  const clean = <T>(value: T): T => (typeof value === 'string' ? (stripControl(value) as T) : value);
  const options = invocation.command?.options ?? {};
  const asked = invocation.user.details;
  return {
    ...invocation,
    user: {
      ...invocation.user,
      id: clean(invocation.user.id),
      displayName: clean(invocation.user.displayName),
      ...(asked && {
        // Asked at most once per invocation, and cleaned like the rest.
        details: once(async () => {
          const told = await asked();
          return { ...told, displayName: clean(told.displayName) };
        }),
      }),
    },
    text: clean(invocation.text),
    action: clean(invocation.action),
    eventId: clean(invocation.eventId),
    ...(invocation.command && {
      command: {
        path: invocation.command.path.map(clean),
        options: Object.fromEntries(Object.entries(options).map(([name, value]) => [name, clean(value)])),
      },
    }),
  };
}

/** The platform account an invocation comes from, with the direct conversation it came in. */
export function accountOf(invocation: Invocation): PlatformAccount {
  return {
    platform: invocation.platform,
    workspace: invocation.workspace,
    platformUserId: invocation.user.id,
    displayName: invocation.user.displayName,
    timezone: invocation.user.timezone,
    details: invocation.user.details,
    privateChannel: invocation.channel.kind === 'dm' ? invocation.channel.id : undefined,
  };
}

/** Two numbers joined by a slash or a dot: a numeric date such as 03/04, which reads by locale. */
const NUMERIC_DATE = /\d[/.]\d/;

/**
 * The invocation with the member's locale when the line holds a numeric date and the platform
 * tells the locale only when asked (ChatUser.details): 03/04 is then read in the member's order
 * rather than asked about, and no other command waits for it.
 */
export async function withLocaleForDates(invocation: Invocation, line: string): Promise<Invocation> {
  const { user } = invocation;
  if (user.locale || !user.details || !NUMERIC_DATE.test(line)) return invocation;
  const { locale } = await user.details();
  return locale ? { ...invocation, user: { ...user, locale } } : invocation;
}

/** `ask`, run at its first call only; later calls get the first call's promise. */
function once<T>(ask: () => Promise<T>): () => Promise<T> {
  let asked: Promise<T> | undefined;
  return () => (asked ??= ask());
}
