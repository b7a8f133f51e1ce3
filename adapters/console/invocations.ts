/** A line typed at the terminal as the core's Invocation: the console user always talks in a DM. */
import type { Invocation } from '../../src/ports/chat.js';

/** Who is at the terminal. */
export interface ConsoleSpeaker {
  /** As typed (`--user` or the login name); the console identity is this name, lowercased. */
  name: string;
  /** IANA zone of the machine, so that days are counted where the person is. */
  timezone: string;
}

/** The console's one channel for a speaker: their DM with Stride. */
export function consoleChannel(speaker: ConsoleSpeaker): string {
  return `console:${speaker.name.toLowerCase()}`;
}

/** What the speaker typed or pressed, as an Invocation. */
export function consoleInvocation(
  speaker: ConsoleSpeaker,
  input: { text: string } | { action: string },
  receivedAt: Date,
): Invocation {
  return {
    platform: 'console',
    workspace: '',
    channel: { id: consoleChannel(speaker), kind: 'dm' },
    user: { id: speaker.name.toLowerCase(), displayName: speaker.name, timezone: speaker.timezone },
    receivedAt,
    ...input,
  };
}
