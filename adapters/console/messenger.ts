/**
 * The Messenger port for the console: a message the core starts itself appears on the terminal of
 * the person chatting, and its buttons are pressed by number like any other.
 */
import type { Messenger } from '../../src/ports/platform.js';
import type { ConsoleScreen } from './handlers.js';

/** Shows messages for `channelId` (the speaker's DM); any other target is not on this terminal. */
export function createConsoleMessenger(screen: ConsoleScreen, channelId: string): Messenger {
  return {
    async send(target, reply) {
      if (target.channelId && target.channelId !== channelId)
        throw new Error(`the console shows ${channelId} only, not ${target.channelId}`);
      screen.show(reply);
    },
  };
}
