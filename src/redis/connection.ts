/**
 * The process's connections to Redis (REDIS_URL), and the one place that knows whether Redis is
 * answering. Redis is shared state between processes, never the only copy of anything a member
 * needs: when it goes away every user of it falls back to in-process behaviour, so chat keeps
 * answering. Hence the settings below: a command never waits for a connection that is not there
 * (no offline queue, no retries across reconnects, a timeout for a connection that stopped
 * answering), while ioredis keeps reconnecting in the background. An outage is logged once when it
 * starts and once when it ends, not once per request.
 */
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../logger.js';

/** How long one command may take before its caller falls back (chat must ack within 3 s). */
export const REDIS_COMMAND_TIMEOUT_MS = 1000;
/** How long connecting may take, at boot and on each reconnection attempt. */
const CONNECT_TIMEOUT_MS = 2000;
/** How long a process waits at boot for Redis before it starts without it (degraded). */
const BOOT_WAIT_MS = 3000;

/** What /readyz says about Redis. */
export type RedisHealth = 'ok' | 'degraded';

export interface SharedRedisOptions {
  url: string;
  /** Prepended to every key and channel name (REDIS_KEY_PREFIX). */
  keyPrefix: string;
  logger: Logger;
}

/** Reconnects quickly at first, then every 2 s for as long as it takes: never gives up. */
function reconnectDelay(attempt: number): number {
  return Math.min(100 * attempt, 2000);
}

const COMMON: RedisOptions = {
  connectTimeout: CONNECT_TIMEOUT_MS,
  commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
  retryStrategy: reconnectDelay,
  // A command issued while disconnected fails at once (its caller falls back) instead of queueing
  // until Redis returns; one in flight when the connection drops fails instead of being resent.
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  autoResendUnfulfilledCommands: false,
  // How long a closed connection's socket may linger before it is destroyed (ioredis's 2 s
  // timer outlives a socket that had already gone, keeping a stopping process alive for nothing).
  disconnectTimeout: 200,
};

/**
 * Two connections, as Redis requires for pub/sub: `commands` for everything else, and the
 * subscriber, whose channels are (re)subscribed each time it is ready.
 */
export class SharedRedis {
  private readonly commands: Redis;
  private readonly subscriber: Redis;
  private readonly channels = new Map<string, Set<(message: string) => void>>();
  private subscribed = false;
  /** A command failed since the connections were last seen working (a timeout on a live socket). */
  private commandsFailing = false;
  private pinging: Promise<void> | undefined;
  /** The health last logged; `starting` until the first connection or the first failure. */
  private reported: RedisHealth | 'starting' = 'starting';
  private closed = false;

  constructor(private readonly options: SharedRedisOptions) {
    this.commands = new Redis(options.url, { ...COMMON, connectionName: 'stride' });
    this.subscriber = new Redis(options.url, {
      ...COMMON,
      connectionName: 'stride-subscriber',
      // Subscribed again by hand on every 'ready', so health knows when it has happened.
      autoResubscribe: false,
    });
    for (const connection of [this.commands, this.subscriber]) {
      // Without a listener ioredis prints every failed reconnection attempt; the state change
      // below is what gets logged, once.
      connection.on('error', (error: unknown) => this.update({ error }));
      connection.on('close', () => {
        if (connection === this.subscriber) this.subscribed = false;
        this.update({});
      });
    }
    this.commands.on('ready', () => {
      this.commandsFailing = false;
      this.update();
    });
    this.subscriber.on('ready', () => void this.resubscribe());
    this.subscriber.on('message', (channel: string, message: string) => {
      for (const listener of this.channels.get(channel) ?? []) listener(message);
    });
  }

  /** `name` with the deployment's prefix: every key and channel goes through here. */
  key(name: string): string {
    return `${this.options.keyPrefix}${name}`;
  }

  /** Whether commands can be sent now; when false, callers use their in-process fallback at once. */
  get available(): boolean {
    return !this.closed && this.commands.status === 'ready';
  }

  /** Degraded while either connection is down, the subscription is not in place, or commands fail. */
  get health(): RedisHealth {
    return this.available && this.subscribed && this.subscriber.status === 'ready' && !this.commandsFailing
      ? 'ok'
      : 'degraded';
  }

  /**
   * Runs `command` when Redis is available, else (or when it fails) answers with `fallback`. A
   * failure marks Redis degraded (logged once), and from then on callers get the fallback at once,
   * not after a timeout each, until a PING (one at a time, in the background) or a reconnection
   * shows Redis answering again: a connection whose packets are dropped stays "ready" to ioredis.
   */
  async attempt<T>(command: (redis: Redis) => Promise<T>, fallback: () => T | Promise<T>): Promise<T> {
    if (!this.available) return fallback();
    if (this.commandsFailing) {
      void this.ping();
      return fallback();
    }
    try {
      return await command(this.commands);
    } catch (error) {
      this.commandsFailed(error);
      return fallback();
    }
  }

  /** Asks Redis whether it answers (for /readyz), and returns the health that follows. */
  async check(): Promise<RedisHealth> {
    if (this.available) await this.ping();
    return this.health;
  }

  /** Pings Redis, once at a time; an answer clears the failing state, a failure sets it. */
  private ping(): Promise<void> {
    this.pinging ??= this.commands
      .ping()
      .then(
        () => {
          if (!this.commandsFailing) return;
          this.commandsFailing = false;
          this.update();
        },
        (error: unknown) => this.commandsFailed(error),
      )
      .finally(() => {
        this.pinging = undefined;
      });
    return this.pinging;
  }

  private commandsFailed(error: unknown): void {
    if (this.commandsFailing) return;
    this.commandsFailing = true;
    this.update({ error });
  }

  /** Calls `onMessage` with every message on the (prefixed) channel `name`, from every process. */
  listen(name: string, onMessage: (message: string) => void): void {
    const channel = this.key(name);
    this.channels.set(channel, (this.channels.get(channel) ?? new Set()).add(onMessage));
    if (this.subscriber.status === 'ready') void this.resubscribe();
  }

  /** Resolves once both connections are up and subscribed, or after `timeoutMs`, whichever is first. */
  async waitUntilReady(timeoutMs = BOOT_WAIT_MS): Promise<RedisHealth> {
    const deadline = Date.now() + timeoutMs;
    while (this.health !== 'ok' && Date.now() < deadline && !this.closed)
      await new Promise((resolve) => setTimeout(resolve, 25));
    if (this.health !== 'ok') this.update({});
    return this.health;
  }

  /**
   * Closes both connections: QUIT first while Redis answers (replies still due arrive before it),
   * then the sockets are closed whatever QUIT did, so nothing keeps the process alive.
   */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(
      [this.commands, this.subscriber].map(async (connection) => {
        if (connection.status === 'ready') await connection.quit().catch(() => undefined);
        connection.disconnect();
      }),
    );
  }

  private async resubscribe(): Promise<void> {
    const channels = [...this.channels.keys()];
    try {
      if (channels.length > 0) await this.subscriber.subscribe(...channels);
      this.subscribed = true;
    } catch (error) {
      // The connection dropped meanwhile; its next 'ready' subscribes again.
      this.subscribed = false;
      this.update({ error });
      return;
    }
    this.update();
  }

  /**
   * Logs a change of health, once per change. `failure` says something went wrong; without it a
   * degraded health at boot is only the connections still being opened, not worth a warning.
   */
  private update(failure?: { error?: unknown }): void {
    if (this.closed) return;
    const health = this.health;
    if (health === this.reported) return;
    if (health === 'degraded' && this.reported === 'starting' && !failure) return;
    const previous = this.reported;
    this.reported = health;
    const { logger } = this.options;
    if (health === 'degraded')
      logger.warn(
        { err: failure?.error },
        'Redis is unreachable: continuing in-process (events reach this process only) until it is back',
      );
    else if (previous === 'starting') logger.info('connected to Redis');
    else logger.info('Redis answers again: shared state and events go through it once more');
  }
}
