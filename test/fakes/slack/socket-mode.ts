/**
 * Slack's Socket Mode endpoint: apps.connections.open hands out a single-use `ws://` URL, the
 * server greets each connection with `hello`, pushes envelopes and waits for the client's ack.
 */
import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { FakeSlackIdentity } from './identity.js';
import type { Report } from './types.js';
import { Signal } from './waiting.js';

/** What Slack pushes over the socket. */
export interface SocketModeEnvelope {
  envelope_id: string;
  type: 'slash_commands' | 'interactive' | 'events_api';
  payload: Record<string, unknown>;
  /** True where Slack lets the ack carry a response (slash commands, view submissions). */
  accepts_response_payload: boolean;
  /** events_api only: how many times Slack has redelivered this event. */
  retry_attempt?: number;
  retry_reason?: string;
}

/** The client's acknowledgement of one envelope. */
export interface SocketModeAck {
  envelope_id: string;
  /** The SDK always sends one; `{}` when ack() was called without a response. */
  payload?: Record<string, unknown>;
  at: Date;
}

/** How long close() lets clients finish a close handshake they already started. */
const CLOSE_GRACE_MS = 1000;

export class FakeSocketMode {
  /** Every ack received, in order. */
  readonly acks: SocketModeAck[] = [];
  /** Connections accepted so far, counting reconnections. */
  connectionCount = 0;

  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly tickets = new Set<string>();
  /** Envelopes awaiting an ack, with the index in `acks` from which theirs may appear. */
  private readonly pending = new Map<string, number>();
  private readonly signal = new Signal();

  constructor(
    private readonly identity: FakeSlackIdentity,
    private readonly wsBaseUrl: () => string,
    private readonly report: Report,
  ) {}

  /** Connections currently open. */
  get connected(): number {
    return [...this.wss.clients].filter((ws) => ws.readyState === ws.OPEN).length;
  }

  /** For apps.connections.open: a URL shaped like Slack's `wss://…/link/?ticket=…&app_id=…`. */
  issueUrl(): string {
    const ticket = randomUUID();
    this.tickets.add(ticket);
    return `${this.wsBaseUrl()}/link/?ticket=${ticket}&app_id=${this.identity.appId}`;
  }

  /** The HTTP server's `upgrade` handler; only a ticket from apps.connections.open gets in. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://fake');
    const ticket = url.searchParams.get('ticket') ?? '';
    if (url.pathname !== '/link/' || !this.tickets.delete(ticket)) {
      this.report(`WS upgrade ${req.url}`, 'no ticket issued by apps.connections.open (or reused)');
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
  }

  /** Resolves once a client has connected (and been sent `hello`). */
  async waitForConnection(timeoutMs = 5000): Promise<void> {
    await this.signal.waitUntil(
      () => (this.connected > 0 ? true : undefined),
      timeoutMs,
      () => 'waiting for a Socket Mode connection',
    );
  }

  /**
   * Pushes an envelope to the newest open connection and resolves with its ack. Slack retries or
   * reports a timeout after 3 seconds without an ack, hence the default.
   */
  async send(envelope: SocketModeEnvelope, timeoutMs = 3000): Promise<SocketModeAck> {
    const ws = [...this.wss.clients].filter((client) => client.readyState === client.OPEN).pop();
    if (!ws) {
      throw new Error(`cannot send envelope ${envelope.envelope_id}: no Socket Mode client is connected`);
    }
    // Acks are matched from here on, so redelivering an envelope (same id) waits for a fresh ack.
    const from = this.acks.length;
    this.pending.set(envelope.envelope_id, from);
    ws.send(JSON.stringify(envelope));
    try {
      return await this.signal.waitUntil(
        () => this.acks.slice(from).find((ack) => ack.envelope_id === envelope.envelope_id),
        timeoutMs,
        () => `waiting for the ack of ${envelope.type} envelope ${envelope.envelope_id}`,
      );
    } finally {
      this.pending.delete(envelope.envelope_id);
    }
  }

  /** Sends Slack's `disconnect` message, which tells the client to open a new connection. */
  requestReconnect(reason: 'refresh_requested' | 'warning' | 'link_disabled' = 'refresh_requested'): void {
    for (const ws of this.wss.clients) {
      ws.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'applink-fake' } }));
    }
  }

  /**
   * Stops the WebSocket server. A client that is still open after the grace period was never stopped:
   * it would try to reconnect to a fake that is gone, so this rejects after terminating it.
   */
  async close(): Promise<void> {
    this.signal.close('the fake Slack server was closed');
    const lingering = await Promise.all([...this.wss.clients].map((ws) => closesWithin(ws, CLOSE_GRACE_MS)));
    const stillOpen = lingering.filter((closed) => !closed).length;
    for (const ws of this.wss.clients) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    if (stillOpen > 0) {
      throw new Error(
        `${stillOpen} Socket Mode client(s) still connected when the fake closed; stop them first ` +
          '(await app.stop() or socketModeClient.disconnect()) or they will try to reconnect',
      );
    }
  }

  private accept(ws: WebSocket): void {
    this.connectionCount += 1;
    ws.on('message', (data, isBinary) => this.onMessage(data.toString(), isBinary));
    ws.on('close', () => this.signal.notify());
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.connected,
        debug_info: { host: 'applink-fake', build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: this.identity.appId },
      }),
    );
    this.signal.notify();
  }

  private onMessage(text: string, isBinary: boolean): void {
    let message: { envelope_id?: unknown; payload?: Record<string, unknown> };
    try {
      if (isBinary) throw new Error('binary frame');
      message = JSON.parse(text) as typeof message;
    } catch {
      this.report('WS message', 'not a JSON text frame', text);
      return;
    }
    const id = message.envelope_id;
    if (typeof id !== 'string' || !this.pending.has(id)) {
      this.report('WS message', `ack for an envelope that is not awaiting one: ${String(id)}`, message);
      return;
    }
    if (this.acks.slice(this.pending.get(id)).some((ack) => ack.envelope_id === id)) {
      this.report('WS message', `second ack for envelope ${id}`, message);
      return;
    }
    this.acks.push({
      envelope_id: id,
      ...(message.payload === undefined ? {} : { payload: message.payload }),
      at: new Date(),
    });
    this.signal.notify();
  }
}

function closesWithin(ws: WebSocket, ms: number): Promise<boolean> {
  if (ws.readyState === ws.CLOSED) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    ws.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}
