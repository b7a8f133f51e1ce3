/**
 * The outbox's delivery loop: takes due messages, finds where each member is reached, stores the
 * buttons (owned by the member, like the buttons of any answer) and sends through that platform's
 * Messenger. A failure is tried again with exponential backoff, or after the platform's
 * retry_after; after MAX_ATTEMPTS the message is dead and listed by `stride outbox --dead`.
 * Every process that runs jobs runs this loop; claims use SKIP LOCKED, so each message goes once.
 */
import { prepareReply } from '../commands/outbound.js';
import type { Platform } from '../ports/chat.js';
import type { Logger } from '../logger.js';
import { DeliveryError, type MessageTarget } from '../ports/platform.js';
import type { ServiceContext } from '../services/context.js';
import type { MessengerRegistry } from '../services/messengers.js';
import { reachOfMembers, type Reach } from '../services/reach.js';
import { User } from '../store/entities/index.js';
import { claimDueMessages, markFailed, markSent, type ClaimedMessage } from '../store/repositories/index.js';

/** After this many failed attempts a message is dead. */
export const MAX_ATTEMPTS = 8;
const FIRST_RETRY_MS = 30_000;
const LONGEST_RETRY_MS = 6 * 60 * 60 * 1000;
/**
 * How long a claimed message stays with its deliverer before another may take it. It must outlast
 * one send with the adapter's own retries (Slack: six 15 s attempts and their backoff; Telegram:
 * five attempts and the retry_after waits between them), or a second deliverer sends it again.
 */
export const HOLD_MS = 10 * 60 * 1000;
/**
 * Sends at once; each platform's own queue paces them further. A deliverer claims only this many
 * at a time: a message claimed while others are still being sent would spend its hold waiting.
 */
const PARALLEL_SENDS = 8;

export interface DeliveryResult {
  sent: number;
  failed: number;
  dead: number;
}

export interface OutboxDeliveryDependencies {
  services(): ServiceContext;
  messengers: MessengerRegistry;
  logger: Logger;
}

/** The wait before attempt `attempts + 1`: 30 s, 1 min, 2 min, … at most 6 hours. */
export function backoffMs(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), LONGEST_RETRY_MS);
}

/** Delivers every message due at `now`, batch after batch, and reports what happened. */
export async function deliverDue(deps: OutboxDeliveryDependencies, now?: Date): Promise<DeliveryResult> {
  const total: DeliveryResult = { sent: 0, failed: 0, dead: 0 };
  for (;;) {
    const services = deps.services();
    const at = now ?? services.now();
    const claimed = await claimDueMessages(services.em, at, new Date(at.getTime() + HOLD_MS), PARALLEL_SENDS);
    if (!claimed.length) return total;
    const reaches = await reachOfMembers(
      services.em,
      claimed.flatMap((message) => (message.userId ? [message.userId] : [])),
    );
    const outcomes = await Promise.all(claimed.map((message) => deliverOne(deps, message, reaches, at)));
    for (const outcome of outcomes) total[outcome]++;
    if (claimed.length < PARALLEL_SENDS) return total;
  }
}

async function deliverOne(
  deps: OutboxDeliveryDependencies,
  message: ClaimedMessage,
  reaches: Map<string, Reach>,
  now: Date,
): Promise<keyof DeliveryResult> {
  const services = deps.services();
  const reach = reachOf(message, reaches);
  try {
    if (!reach) throw new DeliveryError('its member no longer exists', { permanent: true });
    // The console shows its inbox when the member next opens `stride chat`; nothing to send now.
    if (reach.platform !== 'console') {
      const messenger = deps.messengers.get(reach.platform as Platform);
      const owner = message.userId ? services.em.getReference(User, message.userId) : null;
      const reply = await prepareReply(services, owner, message.reply);
      await messenger.send(reach.target, reply);
    }
    await markSent(services.em, message.id, reach.platform, deps.services().now());
    return 'sent';
  } catch (error) {
    const attempts = message.attempts + 1;
    const permanent = error instanceof DeliveryError && error.permanent;
    const waitMs =
      error instanceof DeliveryError && error.retryAfterMs !== undefined
        ? Math.max(error.retryAfterMs, 1000)
        : backoffMs(attempts);
    const retryAt = permanent || attempts >= MAX_ATTEMPTS ? null : new Date(now.getTime() + waitMs);
    const status = await markFailed(
      services.em,
      message.id,
      { platform: reach?.platform ?? null, error: describe(error), retryAt },
      now,
    );
    deps.logger.warn(
      {
        outbox: message.id,
        kind: message.kind,
        platform: reach?.platform,
        attempts,
        status,
        err: describe(error),
      },
      status === 'dead' ? 'outbox message is dead' : 'outbox message will be retried',
    );
    return status === 'dead' ? 'dead' : 'failed';
  }
}

/** An explicit channel, or the member's reach; undefined when the member is gone. */
function reachOf(message: ClaimedMessage, reaches: Map<string, Reach>): Reach | undefined {
  if (message.channel) {
    const target: MessageTarget = { channelId: message.channel.channelId };
    if (message.channel.workspace) target.workspace = message.channel.workspace;
    return { platform: message.channel.platform, target };
  }
  return message.userId ? reaches.get(message.userId) : undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs deliverDue every `intervalMs`, and at once when kicked (this process just enqueued).
 * stop() waits for a delivery in progress to finish.
 */
export class DeliveryLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private again = false;
  private stopped = true;

  constructor(
    private readonly deps: OutboxDeliveryDependencies,
    private readonly intervalMs = 1000,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  /** Delivers now (or right after the delivery in progress). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.running = deliverDue(this.deps)
      .catch((error: unknown) => this.deps.logger.error({ err: error }, 'outbox delivery failed'))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        } else this.schedule();
      });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.kick(), this.intervalMs);
    this.timer.unref();
  }
}
