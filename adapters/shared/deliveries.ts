/**
 * Platforms deliver again what they think was lost: Slack retries (X-Slack-Retry-Num, Socket Mode
 * retry_attempt, the same trigger_id), Telegram redelivers an update (a webhook retry, a restart
 * before polling confirmed it). The core never runs a delivery id twice and answers a repeat with
 * the first reply; this keeps an adapter from even asking, and from posting that reply again.
 * This is the in-process record; ./redis-deliveries.ts shares one between processes.
 */
import type {
  DeliveryClaims,
  DeliveryClaimsFactory,
  DeliveryClaimsOptions,
} from '../../src/ports/platform.js';

/** The delivery ids an adapter has taken lately, in this process. */
export class RecentDeliveries implements DeliveryClaims {
  private readonly seen = new Map<string, number>();

  constructor(private readonly options: DeliveryClaimsOptions) {}

  /** True the first time an id is seen (within rememberMs), false for a repeat. */
  async claim(id: string | number, now = Date.now()): Promise<boolean> {
    const key = String(id);
    const expires = this.seen.get(key);
    if (expires !== undefined && expires > now) return false;
    // Deleted first so that the map's insertion order stays the order ids were last claimed.
    this.seen.delete(key);
    this.seen.set(key, now + (this.options.rememberMs ?? Number.POSITIVE_INFINITY));
    // Maps iterate in insertion order: the first key is the oldest.
    if (this.seen.size > this.options.capacity) this.seen.delete(this.seen.keys().next().value!);
    return true;
  }

  /** Forgets an id whose handling failed, so the platform's retry of it runs. */
  async release(id: string | number): Promise<void> {
    this.seen.delete(String(id));
  }
}

/** Delivery records kept in this process: right when one process receives from each platform. */
export const inProcessDeliveries: DeliveryClaimsFactory = (_name, options) => new RecentDeliveries(options);
