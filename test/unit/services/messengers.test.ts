/** The registry of Messengers by platform: what a job looks a member's platform up in. */
import type { Messenger } from '../../../src/ports/platform.js';
import { MessengerRegistry, UnknownMessengerError } from '../../../src/services/messengers.js';

const messenger = (name: string): Messenger & { name: string } => ({ name, send: async () => undefined });

describe('MessengerRegistry', () => {
  it('finds each platform its own messenger', () => {
    const sut = new MessengerRegistry();
    const slack = messenger('slack');
    const telegram = messenger('telegram');
    sut.register('slack', slack);
    sut.register('telegram', telegram);

    expect(sut.get('slack')).toBe(slack);
    expect(sut.get('telegram')).toBe(telegram);
    expect(sut.platforms()).toEqual(['slack', 'telegram']);
    expect(sut.has('discord')).toBe(false);
  });

  it('names the platform when none is registered for it', () => {
    const sut = new MessengerRegistry();
    sut.register('slack', messenger('slack'));

    expect(() => sut.get('discord')).toThrow(UnknownMessengerError);
    expect(() => sut.get('discord')).toThrow('No messenger for platform "discord"');
  });

  it('refuses a second messenger for the same platform', () => {
    const sut = new MessengerRegistry();
    const first = messenger('first');
    sut.register('slack', first);

    expect(() => sut.register('slack', messenger('second'))).toThrow('already registered');
    expect(sut.get('slack')).toBe(first);
  });
});
