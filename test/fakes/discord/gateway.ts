/**
 * Discord's gateway over a WebSocket: HELLO on connect, READY (and a GUILD_CREATE per guild) after
 * IDENTIFY, op 11 for every heartbeat, and dispatches the test pushes. JSON encoding, no compression.
 */
import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { DEFAULT_CHANNEL_ID, DEFAULT_GUILD_ID, type DiscordUser } from './identity.js';
import type { GatewayFrame } from './types.js';
import { Signal } from '../slack/waiting.js';

/** How long close() lets clients finish a close handshake they already started. */
const CLOSE_GRACE_MS = 1000;

interface Session {
  ws: WebSocket;
  identified: boolean;
  sequence: number;
}

export interface GatewayIdentity {
  token: string;
  applicationId: string;
  bot: DiscordUser;
  guilds: string[];
  heartbeatIntervalMs: number;
  url: () => string;
}

export type Report = (request: string, reason: string, body?: unknown) => void;

export class FakeGateway {
  /** Every frame clients sent, in order. */
  readonly frames: GatewayFrame[] = [];
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sessions = new Set<Session>();
  private readonly signal = new Signal();

  constructor(
    private readonly identity: GatewayIdentity,
    private readonly report: Report,
  ) {}

  /** Sessions that identified and were sent READY, still open. */
  get ready(): number {
    return [...this.sessions].filter(
      (session) => session.identified && session.ws.readyState === session.ws.OPEN,
    ).length;
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://fake');
    if (url.searchParams.get('v') !== '10' || url.searchParams.get('encoding') !== 'json') {
      this.report(`WS upgrade ${req.url}`, 'the fake speaks gateway v10 with JSON encoding only');
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    if (url.searchParams.has('compress')) {
      this.report(`WS upgrade ${req.url}`, 'transport compression asked for (is zlib-sync installed?)');
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
  }

  /** Resolves once a client has identified and been sent READY. */
  async waitForReady(timeoutMs = 5000): Promise<void> {
    await this.signal.waitUntil(
      () => (this.ready > 0 ? true : undefined),
      timeoutMs,
      () => 'waiting for a gateway client to identify',
    );
  }

  /** Sends a dispatch (op 0) to every identified session. Throws when none is. */
  dispatch(type: string, data: unknown): void {
    const sessions = [...this.sessions].filter(
      (session) => session.identified && session.ws.readyState === session.ws.OPEN,
    );
    if (sessions.length === 0) throw new Error(`cannot dispatch ${type}: no gateway client has identified`);
    for (const session of sessions) this.send(session, type, data);
  }

  /** Closes the server; rejects if a client had to be cut off (it was never destroyed). */
  async close(): Promise<void> {
    this.signal.close('the fake Discord server was closed');
    const lingering = await Promise.all([...this.wss.clients].map((ws) => closesWithin(ws, CLOSE_GRACE_MS)));
    const stillOpen = lingering.filter((closed) => !closed).length;
    for (const ws of this.wss.clients) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    if (stillOpen > 0) {
      throw new Error(
        `${stillOpen} gateway client(s) still connected when the fake closed; call client.destroy() first ` +
          'or they will try to reconnect',
      );
    }
  }

  private accept(ws: WebSocket): void {
    const session: Session = { ws, identified: false, sequence: 0 };
    this.sessions.add(session);
    ws.on('message', (data, isBinary) => this.onMessage(session, data.toString(), isBinary));
    ws.on('close', () => {
      this.sessions.delete(session);
      this.signal.notify();
    });
    ws.send(
      JSON.stringify({
        op: 10,
        d: { heartbeat_interval: this.identity.heartbeatIntervalMs },
        s: null,
        t: null,
      }),
    );
  }

  private onMessage(session: Session, text: string, isBinary: boolean): void {
    let frame: { op?: unknown; d?: unknown };
    try {
      if (isBinary) throw new Error('binary frame');
      frame = JSON.parse(text) as typeof frame;
    } catch {
      this.report('WS message', 'not a JSON text frame', text);
      return;
    }
    if (typeof frame.op !== 'number') {
      this.report('WS message', 'frame without a numeric op', frame);
      return;
    }
    this.frames.push({ op: frame.op, d: frame.d, at: new Date() });
    switch (frame.op) {
      case 1: // heartbeat
        session.ws.send(JSON.stringify({ op: 11, d: null, s: null, t: null }));
        return;
      case 2:
        this.identify(session, frame.d as { token?: unknown; intents?: unknown });
        return;
      case 3: // presence update
        return;
      default:
        this.report(`WS op ${frame.op}`, 'an op the fake does not handle', frame);
    }
  }

  private identify(session: Session, data: { token?: unknown; intents?: unknown } | undefined): void {
    const token = typeof data?.token === 'string' ? data.token.replace(/^Bot\s+/i, '') : undefined;
    if (token !== this.identity.token) {
      // Redacted: a misconfigured test could be sending a real token.
      this.report('WS IDENTIFY', 'wrong token');
      session.ws.close(4004, 'Authentication failed.');
      return;
    }
    if (typeof data?.intents !== 'number')
      this.report('WS IDENTIFY', 'no intents', { intents: data?.intents });
    session.identified = true;
    const { applicationId, bot, guilds } = this.identity;
    this.send(session, 'READY', {
      v: 10,
      user: bot,
      guilds: guilds.map((id) => ({ id, unavailable: true })),
      session_id: randomUUID().replaceAll('-', ''),
      resume_gateway_url: this.identity.url(),
      application: { id: applicationId, flags: 0 },
      shard: [0, 1],
    });
    for (const id of guilds) this.send(session, 'GUILD_CREATE', guildCreate(id));
    this.signal.notify();
  }

  private send(session: Session, type: string, data: unknown): void {
    session.sequence += 1;
    session.ws.send(JSON.stringify({ op: 0, s: session.sequence, t: type, d: data }));
  }
}

/** The default guild's channel is the default channel (where interactions come from); others get their own. */
function channelOf(guildId: string): string {
  return guildId === DEFAULT_GUILD_ID ? DEFAULT_CHANNEL_ID : `${guildId.slice(0, -1)}9`;
}

function guildCreate(id: string): Record<string, unknown> {
  return {
    id,
    name: `Guild ${id}`,
    icon: null,
    owner_id: '1',
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: [],
    emojis: [],
    features: [],
    mfa_level: 0,
    system_channel_flags: 0,
    premium_tier: 0,
    preferred_locale: 'en-US',
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    joined_at: new Date().toISOString(),
    large: false,
    unavailable: false,
    member_count: 1,
    members: [],
    // Its text channel, as Discord lists a guild's channels: discord.js caches it, so an
    // interaction there knows its channel's name.
    channels: [
      {
        id: channelOf(id),
        type: 0,
        guild_id: id,
        name: 'general',
        position: 0,
        permission_overwrites: [],
        parent_id: null,
        nsfw: false,
        topic: null,
        last_message_id: null,
        rate_limit_per_user: 0,
      },
    ],
    threads: [],
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
    stickers: [],
  };
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
