/**
 * The real Koa app on a real port against a real database, for API tests (Outline's
 * getTestServer). The clock is pinned so "today" is known.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Koa from 'koa';
import { createChartRenderer } from '../../src/charts/index.js';
import { createChatCore } from '../../src/commands/chat-core.js';
import { InProcessEventBus } from '../../src/events/in-process.js';
import type { StrideEvent } from '../../src/events/types.js';
import { createLogger } from '../../src/logger.js';
import { createApiToken, createUser } from '../../src/services/accounts.js';
import type { LanguageModel } from '../../src/coach/model.js';
import type { ServiceContext } from '../../src/services/context.js';
import { Outbox } from '../../src/services/outbox.js';
import { shareWarehouse, type Warehouse } from '../../src/warehouse/index.js';
import { PostgresWarehouse } from '../../src/warehouse/postgres.js';
import { createApp } from '../../src/web/app.js';
import { createTestCoach } from './chat.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export interface TestMember {
  id: string;
  token: string;
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface TestServer {
  database: TestDatabase;
  baseUrl: string;
  events: StrideEvent[];
  /** The app's event bus (what /me/events subscribes to). */
  bus: InProcessEventBus;
  /** The app's outbox (the mentor page's nudges go there). */
  outbox: Outbox;
  /** Moves the pinned clock. */
  setNow(instant: string): void;
  services(): ServiceContext;
  member(name?: string, timezone?: string): Promise<TestMember>;
  request<T = any>(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; raw?: string },
  ): Promise<ApiResponse<T>>;
  close(): Promise<void>;
}

/** Listens on a free loopback port; the real HTTP server, as production runs it. */
export async function serveOnLoopback(app: Koa): Promise<{ server: Server; baseUrl: string }> {
  const server: Server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return { server, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

export interface TestServerOptions {
  now?: string;
  eventStreamHeartbeatMs?: number;
  model?: LanguageModel;
  publicUrl?: string;
  /** The warehouse /metrics reports; the `analytics` schema of the test database unless given. */
  warehouse?: (database: TestDatabase) => Promise<Warehouse>;
  warehouseScrapeTimeoutMs?: number;
  /** The server's stop (src/web/stopping.ts): the test aborts it. */
  stopping?: AbortSignal;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const database = await createTestDatabase();
  let now = new Date(options.now ?? '2026-11-20T12:00:00Z');
  const events = new InProcessEventBus();
  const seen: StrideEvent[] = [];
  for (const type of ['habit_logged', 'goal_completed', 'streak_milestone'] as const) {
    events.subscribe(type, (event) => void seen.push(event));
  }
  const clock = () => new Date(now);
  const logger = createLogger('silent');
  const charts = createChartRenderer();
  const outbox = new Outbox();
  // The real chat core with the offline coach, for POST /chat.
  const chat = createChatCore({
    orm: database.orm,
    events,
    charts,
    coach: createTestCoach(),
    logger,
    now: clock,
  });
  // Opened at the first scrape and kept, as `stride start` does.
  const warehouse = shareWarehouse(async () =>
    options.warehouse ? options.warehouse(database) : new PostgresWarehouse(database.orm.em.fork()),
  );
  const app = createApp({
    orm: database.orm,
    events,
    logger,
    charts,
    chat,
    now: clock,
    eventStreamHeartbeatMs: options.eventStreamHeartbeatMs,
    outbox,
    model: options.model,
    publicUrl: options.publicUrl,
    warehouse: warehouse.get,
    warehouseScrapeTimeoutMs: options.warehouseScrapeTimeoutMs,
    stopping: options.stopping,
  });
  const { server, baseUrl } = await serveOnLoopback(app);
  const services = (): ServiceContext => ({ em: database.orm.em.fork(), events, now: clock });

  return {
    database,
    baseUrl,
    events: seen,
    bus: events,
    outbox,
    setNow: (instant) => {
      now = new Date(instant);
    },
    services,
    member: async (name = 'Ada', timezone = 'UTC') => {
      const user = await createUser(services(), { name, timezone });
      const { token } = await createApiToken(services(), user.id);
      return { id: user.id, token };
    },
    request: async (method, path, { token, body, raw } = {}) => {
      const headers: Record<string, string> = {};
      if (token) headers.authorization = `Bearer ${token}`;
      if (body !== undefined || raw !== undefined) headers['content-type'] = 'application/json';
      const response = await fetch(baseUrl + path, {
        method,
        headers,
        body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
      });
      const text = await response.text();
      const isJson = response.headers.get('content-type')?.includes('json');
      return {
        status: response.status,
        body: isJson && text ? JSON.parse(text) : text,
        headers: response.headers,
      };
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await warehouse.close();
      await database.drop();
    },
  };
}
