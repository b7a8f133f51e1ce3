/** The OpenAPI 3.1 document, generated from the same zod schemas that validate the API. */
import { z } from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import type { RouteDefinition } from './route.js';

const errorBody = z
  .object({ error: z.object({ id: z.string(), message: z.string() }) })
  .meta({ id: 'Error', example: { error: { id: 'not_found', message: 'Habit not found.' } } });

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: errorBody } },
});

/**
 * Every error status a route can answer, derived from what the route takes: input can be invalid
 * (400), a token missing (401), an `:id` or a referenced id unknown (404), a name taken (409), a
 * body too large (413) or not JSON (415), and anything may fail on our side (500).
 */
function errorResponses(route: RouteDefinition) {
  const hasInput = Boolean(route.params || route.query || route.body);
  const notFound = route.notFound ?? (route.params ? 'Not found, or not yours' : undefined);
  return {
    ...(hasInput ? { '400': errorResponse('The input is invalid') } : {}),
    ...(route.auth === false ? {} : { '401': errorResponse('No valid API token') }),
    ...(notFound ? { '404': errorResponse(notFound) } : {}),
    ...(route.conflict ? { '409': errorResponse(route.conflict) } : {}),
    ...(route.body
      ? {
          '413': errorResponse('The body is too large'),
          '415': errorResponse('The body is not application/json'),
        }
      : {}),
    '500': errorResponse('Something went wrong on our side'),
  };
}

/** Builds the document for routes mounted under `prefix`. */
export function openApiDocument(routes: RouteDefinition[], prefix: string, version: string) {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of routes) {
    const path = prefix + route.path.replace(/:(\w+)/g, '{$1}');
    const status = String(route.status ?? (route.response || route.produces ? 200 : 204));
    const operation: ZodOpenApiOperationObject = {
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      tags: [route.tag],
      ...(route.auth === false ? { security: [] } : {}),
      requestParams: {
        ...(route.params ? { path: route.params as z.ZodObject } : {}),
        ...(route.query ? { query: route.query as z.ZodObject } : {}),
      },
      ...(route.body ? { requestBody: { content: { 'application/json': { schema: route.body } } } } : {}),
      responses: {
        [status]: {
          description: 'Success',
          ...(route.response ? { content: { 'application/json': { schema: route.response } } } : {}),
          ...(route.produces
            ? {
                content: {
                  // Images are binary; a text stream (server-sent events) is text.
                  [route.produces]: {
                    schema: route.produces.startsWith('text/')
                      ? { type: 'string' }
                      : { type: 'string', format: 'binary' },
                  },
                },
              }
            : {}),
        },
        ...errorResponses(route),
      },
    };
    paths[path] = { ...paths[path], [route.method]: operation };
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Stride API',
      version,
      description:
        'Habits, logs, streaks, scores and goals. Authenticate with `Authorization: Bearer <token>`.',
    },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ bearer: [] }],
    paths,
  });
}
