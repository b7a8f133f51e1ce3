/**
 * The console adapter: `stride chat` is a terminal chat with the same commands as every platform.
 * Buttons are numbered: typing the number presses the button. With --json every reply is one
 * JSON line, and piped stdin is read line by line, so scripts can drive it.
 */
import { userInfo } from 'node:os';
import readline from 'node:readline';
import type { ChatCore } from '../../src/commands/chat-core.js';
import type { Invocation, Reply } from '../../src/commands/types.js';
import { renderReply, replyJson } from './render.js';

export interface ConsoleOptions {
  core: ChatCore;
  /** Who is talking; the console identity is this name, lowercased. */
  user?: string;
  json: boolean;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
}

/** Runs the chat until stdin ends (or `exit`). */
export async function runConsoleChat(options: ConsoleOptions): Promise<void> {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const interactive = !options.json && (input as { isTTY?: boolean }).isTTY === true;
  const name = (options.user ?? userInfo().username ?? 'me').trim() || 'me';
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

  const lines = readline.createInterface({ input, terminal: interactive });
  if (interactive) {
    write(`Stride chat as ${name}. Type \`help\`, a command, or the number of a button; Ctrl+D to leave.`);
    lines.setPrompt('> ');
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
        ...(/^\d+$/.test(line) && choices[Number(line) - 1] ? { action: choices[Number(line) - 1] } : { text: line }),
      };
      show(await options.core.handle(invocation));
    }
    if (interactive) lines.prompt();
  }
  lines.close();
}
