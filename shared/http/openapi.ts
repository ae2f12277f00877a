// OpenAPI 3.1 document generated from the same route contracts the handlers validate with.
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import type { z } from 'zod';
import type { RouteContract } from './route.js';

export function buildOpenApiDocument(
  routes: readonly RouteContract[],
  info: { title: string; version: string; description: string },
) {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'OIDC token; roles are carried in the `scope` claim.',
  });
  for (const route of routes.filter((r) => r.method !== 'ANY')) {
    registry.registerPath({
      operationId: route.operationId,
      method: route.method.toLowerCase() as Lowercase<Exclude<RouteContract['method'], 'ANY'>>,
      path: route.path,
      summary: route.summary,
      tags: route.tags,
      ...(route.auth === 'public' ? {} : { security: [{ bearerAuth: [...route.auth.roles] }] }),
      request: {
        ...(route.request.path ? { params: route.request.path as z.ZodObject } : {}),
        ...(route.request.query ? { query: route.request.query as z.ZodObject } : {}),
        ...(route.request.body
          ? { body: { required: true, content: { 'application/json': { schema: route.request.body } } } }
          : {}),
      },
      responses: Object.fromEntries(
        route.responses.map((response) => [
          response.status,
          {
            description: response.description,
            ...(response.schema
              ? { content: { [response.contentType ?? 'application/json']: { schema: response.schema } } }
              : {}),
          },
        ]),
      ),
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info,
    servers: [{ url: '/' }],
  });
}
