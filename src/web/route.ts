/**
 * One definition per API route: its schemas validate the request and also write the OpenAPI
 * document, so the two never drift apart.
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import { z, type ZodType } from 'zod';
import { AuthenticationError, NotFoundError } from '../errors.js';
import { authenticateToken } from '../services/accounts.js';
import type { ServiceContext } from '../services/context.js';
import type { User } from '../store/entities/index.js';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** The authenticated member; routes are authenticated unless they say `auth: false`. */
  user: User;
  services: ServiceContext;
  koa: Context;
}

export interface RouteDefinition<P = unknown, Q = unknown, B = unknown> {
  method: Method;
  /** Koa-style path relative to the API prefix, e.g. `/habits/:id`. */
  path: string;
  summary: string;
  /** Longer words for the OpenAPI document: semantics a summary has no room for. */
  description?: string;
  tag: string;
  /** What an `:id` names, for its 404 message ("Habit not found."). */
  resource?: string;
  auth?: boolean;
  params?: ZodType<P>;
  query?: ZodType<Q>;
  body?: ZodType<B>;
  response?: ZodType;
  /** What a 404 means on a route without an `:id` that still names things by id (e.g. a goal's habits). */
  notFound?: string;
  /** What a 409 means on this route, when the route can clash with existing data. */
  conflict?: string;
  /** Success status; defaults to 200, or 204 when the handler returns nothing. */
  status?: number;
  /** A binary response (e.g. image/png) instead of JSON. */
  produces?: string;
  handler(input: RouteInput<P, Q, B>): Promise<unknown>;
}

/** Declares a route with its types inferred from its schemas. */
export function defineRoute<P = unknown, Q = unknown, B = unknown>(
  definition: RouteDefinition<P, Q, B>,
): RouteDefinition<P, Q, B> {
  return definition;
}

/** Registers route definitions on a Koa router. */
export function mountRoutes(router: Router, routes: RouteDefinition[]): void {
  for (const route of routes) {
    router[route.method](route.path, async (koa) => {
      const services = koa.state.services as ServiceContext;
      // A route on one habit has it read with the member (authenticateToken).
      const habitId = route.resource === 'Habit' ? koa.params.id : undefined;
      const user =
        route.auth === false ? (undefined as unknown as User) : await requireUser(koa, services, habitId);
      const params = parseParams(route, koa.params);
      const query = route.query ? route.query.parse(koa.query) : koa.query;
      const body = route.body ? route.body.parse(koa.request.body ?? {}) : undefined;
      const result = await route.handler({ params, query, body, user, services, koa });
      koa.status = route.status ?? (result === undefined ? 204 : 200);
      if (result !== undefined) koa.body = result;
      if (route.produces) koa.type = route.produces;
    });
  }
}

/** The member behind the request's `Authorization: Bearer <token>` header, or a 401. */
async function requireUser(koa: Context, services: ServiceContext, habitId?: string): Promise<User> {
  const match = /^Bearer\s+(\S+)$/i.exec(koa.get('authorization'));
  const user = match ? await authenticateToken(services, match[1]!, habitId) : undefined;
  if (!user) throw AuthenticationError();
  return user;
}

function parseParams<P>(route: RouteDefinition<P>, raw: Record<string, string>): P {
  if (!route.params) return raw as P;
  const parsed = route.params.safeParse(raw);
  if (parsed.success) return parsed.data;
  // A malformed id names nothing, exactly like another member's id: 404 either way.
  if (parsed.error.issues.some((issue) => issue.path[0] === 'id'))
    throw NotFoundError(route.resource ?? 'Resource');
  throw parsed.error;
}

/** Path parameter schemas shared by routes. */
export const idParams = z.object({ id: z.uuid() });
