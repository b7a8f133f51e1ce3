/**
 * The Messengers of the running platform adapters, by platform: whatever starts a message itself
 * (a job, a nudge) finds the member's platform here and sends through its Messenger, without
 * knowing any adapter.
 */
import type { Platform } from '../ports/chat.js';
import type { Messenger } from '../ports/platform.js';

/** Thrown when no adapter of this process sends for a platform (not configured here). */
export class UnknownMessengerError extends Error {
  constructor(readonly platform: string) {
    super(`No messenger for platform "${platform}": its adapter is not configured in this process.`);
    this.name = 'UnknownMessengerError';
  }
}

/** One Messenger per platform, registered as each adapter starts. */
export class MessengerRegistry {
  private readonly messengers = new Map<Platform, Messenger>();

  /** Adds a platform's Messenger; a second one for the same platform is a wiring mistake. */
  register(platform: Platform, messenger: Messenger): void {
    if (this.messengers.has(platform))
      throw new Error(`A messenger for "${platform}" is already registered.`);
    this.messengers.set(platform, messenger);
  }

  /** The platform's Messenger; throws UnknownMessengerError when none is registered. */
  get(platform: Platform): Messenger {
    const messenger = this.messengers.get(platform);
    if (!messenger) throw new UnknownMessengerError(platform);
    return messenger;
  }

  /** Whether a platform can be sent to, for callers that skip rather than fail. */
  has(platform: Platform): boolean {
    return this.messengers.has(platform);
  }

  /** The platforms that can be sent to, in the order they were registered. */
  platforms(): Platform[] {
    return [...this.messengers.keys()];
  }
}
