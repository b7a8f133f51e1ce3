/** The console adapter keeps the adapter contract: a terminal driven through its streams, in --json mode. */
import { PassThrough } from 'node:stream';
import { createConsoleAdapter, type ConsoleAdapter } from '../../../adapters/console/index.js';
import type { Reply } from '../../../src/ports/chat.js';
import {
  describeAdapterContract,
  type AdapterHarness,
  type SeenReply,
} from '../../contract/adapter-contract.js';
import { startTestChat } from '../../support/chat.js';

/** One terminal per member: the console has a single person at each. */
interface Terminal {
  adapter: ConsoleAdapter;
  input: PassThrough;
  lines: Reply[];
}

const seen = (reply: Reply): SeenReply => ({
  text: reply.text.replace(/\*\*|`/g, ''),
  buttons: (reply.actions ?? []).map((action) => ({ label: action.label, id: action.id })),
});

describeAdapterContract('the console adapter', async (): Promise<AdapterHarness> => {
  const chat = await startTestChat();
  const terminals = new Map<string, Terminal>();
  const terminal = async (user: string): Promise<Terminal> => {
    let found = terminals.get(user);
    if (!found) {
      const input = new PassThrough();
      const output = new PassThrough();
      const lines: Reply[] = [];
      let buffered = '';
      output.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const parts = buffered.split('\n');
        buffered = parts.pop()!;
        lines.push(...parts.map((line) => JSON.parse(line) as Reply));
      });
      const adapter = createConsoleAdapter({ user, json: true }, { core: chat.core }, { input, output });
      await adapter.start();
      found = { adapter, input, lines };
      terminals.set(user, found);
    }
    return found;
  };
  /** Writes a line and waits for the next reply on that terminal. */
  const enter = async (user: string, line: string): Promise<SeenReply> => {
    const { input, lines } = await terminal(user);
    const before = lines.length;
    input.write(`${line}\n`);
    for (let waited = 0; lines.length === before; waited += 10) {
      if (waited > 5000) throw new Error(`no answer to ${line}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return seen(lines[before]!);
  };
  return {
    platform: 'console',
    owner: 'ada',
    stranger: 'bob',
    type: enter,
    async press(user, message, id) {
      // A number presses a button of the last reply on this terminal: the stranger's terminal
      // shows no such reply, so the stranger's press goes to the core as the id itself would.
      const { lines } = await terminal(user);
      const last = lines.at(-1);
      const index = (last?.actions ?? []).findIndex((action) => action.id === id);
      if (index >= 0) return enter(user, String(index + 1));
      return seen(
        await chat.core.handle({
          platform: 'console',
          workspace: '',
          channel: { id: `console:${user}`, kind: 'dm' },
          user: { id: user },
          action: id,
          receivedAt: new Date(),
        }),
      );
    },
    async sendTo(user, reply) {
      const { adapter, lines } = await terminal(user);
      const before = lines.length;
      await adapter.messenger.send({ channelId: `console:${user}` }, reply);
      return seen(lines[before]!);
    },
    services: () => chat.services(),
    async close() {
      for (const { adapter, input } of terminals.values()) {
        input.end();
        await adapter.stop();
      }
      await chat.close();
    },
  };
});
