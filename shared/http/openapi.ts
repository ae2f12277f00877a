// OpenAPI 3.1 document generated from the same route contracts the handlers validate with. zod converts each
// schema to JSON Schema 2020-12 (the dialect of OpenAPI 3.1): request parts as the client sends them (`io:
// 'input'`: defaults optional, transforms at their input), responses as the server sends them. Schemas
// registered with an `id` (the Problem body) become shared components.
import * as z from 'zod/mini';
import type { RouteContract } from './route.js';

type JsonSchema = z.core.JSONSchema.BaseSchema;

const COMPONENT = '#/components/schemas/';

/** Moves the `$defs` of one converted schema into the document's components and points its refs there. */
function hoisted(schema: JsonSchema, components: Record<string, JsonSchema>): JsonSchema {
  const { $defs, $schema: _dialect, ...rest } = schema;
  for (const [id, definition] of Object.entries($defs ?? {})) components[id] = definition;
  return JSON.parse(JSON.stringify(rest), (key, value: unknown) =>
    key === '$ref' && typeof value === 'string' ? value.replace('#/$defs/', COMPONENT) : value,
  ) as JsonSchema;
}

function parameters(
  schema: z.ZodMiniType | undefined,
  location: 'path' | 'query',
  convert: (schema: z.ZodMiniType) => JsonSchema,
) {
  if (!schema) return [];
  const object = convert(schema);
  const required = new Set(object.required ?? []);
  return Object.entries(object.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || required.has(name),
    schema: property,
  }));
}

export function buildOpenApiDocument(
  routes: readonly RouteContract[],
  info: { title: string; version: string; description: string },
) {
  const components: Record<string, JsonSchema> = {};
  const convert = (io: 'input' | 'output') => (schema: z.ZodMiniType) =>
    hoisted(z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }), components);
  const input = convert('input');
  const output = convert('output');
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes.filter((r) => r.method !== 'ANY')) {
    const { path, query, body } = route.request;
    const operation = {
      operationId: route.operationId,
      summary: route.summary,
      tags: route.tags,
      ...(route.auth === 'public' ? {} : { security: [{ bearerAuth: [...route.auth.roles] }] }),
      parameters: [...parameters(path, 'path', input), ...parameters(query, 'query', input)],
      ...(body
        ? { requestBody: { required: true, content: { 'application/json': { schema: input(body) } } } }
        : {}),
      responses: Object.fromEntries(
        route.responses.map((response) => [
          response.status,
          {
            description: response.description,
            ...(response.schema
              ? {
                  content: {
                    [response.contentType ?? 'application/json']: { schema: output(response.schema) },
                  },
                }
              : {}),
          },
        ]),
      ),
    };
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info,
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'OIDC token; roles are carried in the `scope` claim.',
        },
      },
    },
  };
}
