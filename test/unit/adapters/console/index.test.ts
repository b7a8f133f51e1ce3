/**
 * The console chat's terminal handling: a person at a TTY gets a prompt and sees their typing;
 * piped input and --json get only the replies.
 */
import { PassThrough } from 'node:stream';
import { isInteractive, PROMPT, runConsoleChat } from '../../../../adapters/console/index.js';
import type { ChatCore } from '../../../../src/commands/chat-core.js';

/** A core that echoes what it was told, so the output shows which lines reached it. */
const echo: ChatCore = {
  handle: async (invocation) => ({ text: `heard: ${invocation.text}` }),
  complete: async () => [],
};

/** Runs the chat over `input` to its end and returns everything written. */
async function drive(input: PassThrough, lines: string[], json = false): Promise<string> {
  const output = new PassThrough();
  let written = '';
  output.on('data', (chunk: Buffer) => (written += chunk.toString()));
  const done = runConsoleChat({ core: echo, user: 'Ada', json, input, output });
  for (const line of lines) {
    input.write(`${line}\n`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  input.end();
  await done;
  return written;
}

/** A stream that says it is a terminal, as process.stdin does in one. */
function fakeTty(): PassThrough {
  return Object.assign(new PassThrough(), { isTTY: true });
}

describe('the console chat', () => {
  it('prompts and echoes typing in a terminal', async () => {
    const written = await drive(fakeTty(), ['habit list']);
    expect(PROMPT).toBe('you> ');
    expect(written).toContain('Stride chat as Ada.');
    // The prompt, then the typed line echoed after it, then the reply, then the prompt again.
    const prompt = written.indexOf(PROMPT);
    expect(prompt).toBeGreaterThan(-1);
    expect(written.indexOf('habit list', prompt)).toBeGreaterThan(prompt);
    expect(written.indexOf('heard: habit list')).toBeGreaterThan(written.indexOf('habit list', prompt));
    expect(written.lastIndexOf(PROMPT)).toBeGreaterThan(written.indexOf('heard: habit list'));
  });

  it('writes only the replies when stdin is piped', async () => {
    expect(await drive(new PassThrough(), ['habit list', 'today'])).toBe('heard: habit list\nheard: today\n');
  });

  it('writes only JSON lines with --json, even in a terminal', async () => {
    const written = await drive(fakeTty(), ['today'], true);
    expect(
      written
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).text),
    ).toEqual(['heard: today']);
  });

  it('decides prompt or not by the input and --json', () => {
    expect(isInteractive(fakeTty(), false)).toBe(true);
    expect(isInteractive(fakeTty(), true)).toBe(false);
    expect(isInteractive(new PassThrough(), false)).toBe(false);
  });
});
