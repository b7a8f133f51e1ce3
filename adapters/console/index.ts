/**
 * The console adapter: `stride chat` is a terminal chat with the same commands as every platform.
 * Buttons are numbered: typing the number presses the button. With --json every reply is one JSON
 * line. Unlike the others it is switched on by the command, not by credentials: `stride chat`.
 */
import { userInfo } from 'node:os';
import type { ChatCore } from '../../src/commands/chat-core.js';
import type { Reply } from '../../src/ports/chat.js';
import type { AdapterDependencies, PlatformAdapter } from '../../src/ports/platform.js';
import { InFlight } from '../shared/in-flight.js';
import { ConsoleScreen, handleLine } from './handlers.js';
import { consoleChannel, type ConsoleSpeaker } from './invocations.js';
import { createConsoleMessenger } from './messenger.js';
import { isInteractive, receiveLines } from './receiver.js';

export { isInteractive, PROMPT } from './receiver.js';

/** The console's own "config": who is talking, and how replies are written. */
export interface ConsoleConfig {
  /** Who is talking; the console identity is this name, lowercased (see consoleName). */
  user?: string;
  json: boolean;
}

export interface ConsoleAdapterOptions {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  /** The clock for Invocation.receivedAt. */
  now?: () => Date;
  /**
   * Messages Stride sent while the person was away (reminders, nudges, celebrations): shown when
   * the chat opens and checked again after every line.
   */
  inbox?: () => Promise<Reply[]>;
}

/** The console adapter; `finished` settles when the input ends or the person types `exit`. */
export interface ConsoleAdapter extends PlatformAdapter {
  finished: Promise<void>;
}

/** The name the console chat speaks as: `--user`, else the login name. */
export function consoleName(user?: string): string {
  return (user ?? userInfo().username ?? 'me').trim() || 'me';
}

/** Builds the adapter; nothing is read before start(). */
export function createConsoleAdapter(
  config: ConsoleConfig,
  deps: Pick<AdapterDependencies, 'core'>,
  options: ConsoleAdapterOptions = {},
): ConsoleAdapter {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const now = options.now ?? (() => new Date());
  const interactive = isInteractive(input, config.json);
  const speaker: ConsoleSpeaker = {
    name: consoleName(config.user),
    timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  };
  const screen = new ConsoleScreen(output, config.json, interactive);
  const inFlight = new InFlight();
  let receiver: ReturnType<typeof receiveLines> | undefined;
  let finish: () => void = () => undefined;
  let fail: (error: unknown) => void = () => undefined;
  const finished = new Promise<void>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });

  const showInbox = async (heading?: string) => {
    const messages = (await options.inbox?.()) ?? [];
    if (messages.length && heading) screen.write(heading);
    for (const message of messages) screen.show(message);
  };

  return {
    platform: 'console',
    messenger: createConsoleMessenger(screen, consoleChannel(speaker)),
    finished,
    async start() {
      await showInbox('While you were away:');
      receiver = receiveLines({
        input,
        output,
        interactive,
        greeting: `Stride chat as ${speaker.name}. Type \`help\`, a command, or the number of a button; Ctrl+D to leave.`,
        onLine: (line) =>
          inFlight.run(async () => {
            await handleLine(deps.core, screen, speaker, line, now);
            await showInbox();
          }),
      });
      void receiver.done.then(finish, fail);
    },
    async stop() {
      receiver?.close();
      await inFlight.drain();
      finish();
    },
  };
}

/** Runs the chat until stdin ends (or `exit`). */
export async function runConsoleChat(
  options: ConsoleConfig & {
    core: ChatCore;
    input?: NodeJS.ReadableStream;
    output?: NodeJS.WritableStream;
    inbox?: () => Promise<Reply[]>;
  },
): Promise<void> {
  const adapter = createConsoleAdapter(
    { user: options.user, json: options.json },
    { core: options.core },
    { input: options.input, output: options.output, inbox: options.inbox },
  );
  await adapter.start();
  await adapter.finished;
}
