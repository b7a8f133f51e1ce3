/**
 * The console's inbound side: lines from stdin. In a terminal it prompts `you> ` and echoes what is
 * typed; piped stdin is read line by line without any prompt, so scripts can drive it.
 */
import readline from 'node:readline';

/** What a terminal shows while it waits for a line. */
export const PROMPT = 'you> ';

/**
 * A person at a terminal (stdin is a TTY, and no --json): they get a prompt and see what they
 * type. Piped input and --json get neither, so a script's output is only the replies.
 */
export function isInteractive(input: NodeJS.ReadableStream, json: boolean): boolean {
  return !json && (input as { isTTY?: boolean }).isTTY === true;
}

/** Reads lines until the input ends, `exit` or `quit`, or close(); each non-blank line is handled in turn. */
export function receiveLines(options: {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  interactive: boolean;
  greeting: string;
  onLine: (line: string) => Promise<void>;
}): { done: Promise<void>; close: () => void } {
  const { input, output, interactive } = options;
  // readline echoes typing and draws the prompt only with an output to draw on: in a terminal, give
  // it one; piped input keeps none, so nothing but replies is written.
  const lines = readline.createInterface({ input, terminal: interactive, ...(interactive && { output }) });
  const done = (async () => {
    if (interactive) {
      output.write(`${options.greeting}\n`);
      lines.setPrompt(PROMPT);
      lines.prompt();
    }
    for await (const raw of lines) {
      const line = raw.trim();
      if (line === 'exit' || line === 'quit') break;
      if (line) await options.onLine(line);
      if (interactive) lines.prompt();
    }
    lines.close();
  })();
  return { done, close: () => lines.close() };
}
