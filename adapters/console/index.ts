/**
 * The console adapter: `stride chat` is a terminal chat with the same commands as every platform.
 * Buttons are numbered: typing the number presses the button. In a terminal it prompts `you> ` and
 * echoes what is typed; with --json every reply is one JSON line, and piped stdin is read line by
 * line without any prompt, so scripts can drive it.
 */
import { userInfo } from 'node:os';
import readline from 'node:readline';
import type { ChatCore } from '../../src/commands/chat-core.js';
import type { Invocation, Reply } from '../../src/ports/chat.js';
import { renderReply, replyJson } from './render.js';

/** What a terminal shows while it waits for a line. */
export const PROMPT = 'you> ';

export interface ConsoleOptions {
  core: ChatCore;
  /** Who is talking; the console identity is this name, lowercased (see consoleName). */
  user?: string;
  json: boolean;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
}

/** The name the console chat speaks as: `--user`, else the login name. */
export function consoleName(user?: string): string {
  return (user ?? userInfo().username ?? 'me').trim() || 'me';
}

/**
 * A person at a terminal (stdin is a TTY, and no --json): they get a prompt and see what they
 * type. Piped input and --json get neither, so a script's output is only the replies.
 */
export function isInteractive(input: NodeJS.ReadableStream, json: boolean): boolean {
  return !json && (input as { isTTY?: boolean }).isTTY === true;
}

/** Runs the chat until stdin ends (or `exit`). */
export async function runConsoleChat(options: ConsoleOptions): Promise<void> {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const interactive = isInteractive(input, options.json);
  const name = consoleName(options.user);
  const timezone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  let choices: string[] = [];

  const write = (text: string) => output.write(`${text}\n`);
  const show = (reply: Reply) => {
    if (options.json) {
      write(replyJson(reply));
      choices = reply.actions?.map((action) => action.id) ?? [];
    } else {
      const rendered = renderReply(reply, interactive);
      write(rendered.text);
      choices = rendered.choices;
    }
    for (const followUp of reply.followUps ?? []) show(followUp);
  };

  // readline echoes typing and draws the prompt only with an output to draw on: in a terminal, give
  // it one; piped input keeps none, so nothing but replies is written.
  const lines = readline.createInterface({ input, terminal: interactive, ...(interactive && { output }) });
  if (interactive) {
    write(`Stride chat as ${name}. Type \`help\`, a command, or the number of a button; Ctrl+D to leave.`);
    lines.setPrompt(PROMPT);
    lines.prompt();
  }
  for await (const raw of lines) {
    const line = raw.trim();
    if (line === 'exit' || line === 'quit') break;
    if (line) {
      const invocation: Invocation = {
        platform: 'console',
        workspace: '',
        channel: { id: `console:${name.toLowerCase()}`, kind: 'dm' },
        user: { id: name.toLowerCase(), displayName: name, timezone },
        receivedAt: new Date(),
        ...(/^\d+$/.test(line) && choices[Number(line) - 1]
          ? { action: choices[Number(line) - 1] }
          : { text: line }),
      };
      show(await options.core.handle(invocation));
    }
    if (interactive) lines.prompt();
  }
  lines.close();
}
