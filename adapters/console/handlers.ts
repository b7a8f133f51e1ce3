/**
 * What the console does with a typed line: read it as a command or a button number, hand it to
 * the core, and show the reply. The screen remembers the last reply's buttons for their numbers,
 * whether the reply answered a line or was sent by the Messenger.
 */
import type { ChatCore } from '../../src/commands/chat-core.js';
import type { Reply } from '../../src/ports/chat.js';
import { consoleInput } from './commands.js';
import { consoleInvocation, type ConsoleSpeaker } from './invocations.js';
import { renderReply, replyJson } from './render.js';

/** Where replies are shown, and the numbered buttons they left. */
export class ConsoleScreen {
  private choices: string[] = [];

  constructor(
    private readonly output: NodeJS.WritableStream,
    private readonly json: boolean,
    private readonly color: boolean,
  ) {}

  /** Writes one line. */
  write(text: string): void {
    this.output.write(`${text}\n`);
  }

  /** Shows a reply and its follow-ups; the last one's buttons are what numbers press. */
  show(reply: Reply): void {
    if (this.json) {
      this.write(replyJson(reply));
      this.choices = reply.actions?.map((action) => action.id) ?? [];
    } else {
      const rendered = renderReply(reply, this.color);
      this.write(rendered.text);
      this.choices = rendered.choices;
    }
    for (const followUp of reply.followUps ?? []) this.show(followUp);
  }

  /** The action ids of the buttons shown last, in their numbered order. */
  buttons(): readonly string[] {
    return this.choices;
  }
}

/** Answers one typed line on the screen. */
export async function handleLine(
  core: ChatCore,
  screen: ConsoleScreen,
  speaker: ConsoleSpeaker,
  line: string,
  now: () => Date,
): Promise<void> {
  const invocation = consoleInvocation(speaker, consoleInput(line, screen.buttons()), now());
  screen.show(await core.handle(invocation));
}
