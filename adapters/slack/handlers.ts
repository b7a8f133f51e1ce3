/**
 * What the Slack adapter does with each kind of delivery: slash commands, button presses, direct
 * messages and mentions, and the App Home (one processor each, in processors/).
 */
import type { App } from '@slack/bolt';
import type { Logger } from '../../src/logger.js';
import { InFlight } from '../shared/in-flight.js';
import { registerActions } from './processors/actions.js';
import type { SlackContext } from './processors/context.js';
import { registerHome } from './processors/home.js';
import { registerMessages } from './processors/messages.js';
import { registerCommands } from './processors/slash-commands.js';

/** Installs the processors and returns a function that waits for the deliveries still being handled. */
export function registerHandlers(app: App, ctx: SlackContext, logger: Logger): () => Promise<void> {
  // Every delivery's work, past its ack too, is tracked so that stop() can let it finish.
  const inFlight = new InFlight();
  app.use(async ({ next }) => {
    await inFlight.run(next);
  });
  // A listener that failed after its ack has nobody to tell but the log.
  app.error(async (error) => {
    logger.error({ err: error.original ?? error }, 'slack listener failed');
  });
  registerCommands(app, ctx);
  registerActions(app, ctx);
  registerMessages(app, ctx);
  registerHome(app, ctx);
  return () => inFlight.drain();
}
