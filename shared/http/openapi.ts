// OpenAPI 3.1 document generated from the same route contracts the handlers validate with. zod converts each
// schema to JSON Schema 2020-12 (the dialect of OpenAPI 3.1): request parts as the client sends them (`io:
// 'input'`: defaults optional, transforms at their input), responses as the server sends them. Schemas
// registered with an `id` (the Problem body) become shared components.
import * as z from 'zod/mini';
import { DEFAULT_MAX_BODY_BYTES } from './handler.js';
import { problem } from './openapi-schemas.js';
import { PROBLEM_CONTENT_TYPE } from './problem.js';
import type { ResponseHeader, RouteContract, RouteResponse } from './route.js';

type JsonSchema = z.core.JSONSchema.BaseSchema;

const COMPONENT = '#/components/schemas/';

const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.optional(z.string()),
    instance: z.optional(z.string()),
    errors: z.optional(z.array(z.object({ field: z.string(), message: z.string() }))),
  })
  .register(z.globalRegistry, { id: 'Problem' });

/**
 * What API Gateway answers by itself (its JWT authorizer's 401 and 403, a body over its quota, a function that
 * failed): `{"message": "Unauthorized"}` and the like, as `application/json`. HTTP APIs cannot customize it.
 */
const gatewayMessageSchema = z
  .strictObject({ message: z.string() })
  .register(z.globalRegistry, { id: 'GatewayMessage' });

/** Every answer of a function carries the language it was written in (`Accept-Language` decides). */
const LANGUAGE_HEADERS: Record<string, ResponseHeader> = {
  'content-language': {
    description: 'The language of titles, details and messages: `vi` or `en`',
    required: true,
    schema: z.enum(['vi', 'en']),
  },
  vary: { description: '`Accept-Language`', required: true, schema: z.literal('Accept-Language') },
};

/** One of API Gateway's own JSON answers. */
const gatewayAnswer = (
  status: number,
  description: string,
  headers: Record<string, ResponseHeader> = {},
): RouteResponse => ({
  status,
  description,
  schema: gatewayMessageSchema,
  contentType: 'application/json',
  headers,
});

/** Moves the `$defs` of one converted schema into the document's components and points its refs there. */
function hoisted(schema: JsonSchema, components: Record<string, JsonSchema>): JsonSchema {
  const { $defs, $schema: _dialect, ...rest } = schema;
  for (const [id, definition] of Object.entries($defs ?? {})) components[id] = definition;
  return JSON.parse(JSON.stringify(rest), (key, value: unknown) =>
    key === '$ref' && typeof value === 'string' ? value.replace('#/$defs/', COMPONENT) : value,
  ) as JsonSchema;
}

/**
 * `\d` as `[0-9]` in every pattern: in JavaScript (no `u` flag) `\d` is ASCII, but JSON Schema validators may
 * take it as any Unicode digit. Within a class `\d` becomes `0-9`; an escaped backslash is left alone.
 */
export function asciiDigits(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i += 1) {
    const char = pattern[i]!;
    if (char === '\\') {
      const next = pattern[i + 1] ?? '';
      out += next === 'd' ? (inClass ? '0-9' : '[0-9]') : char + next;
      i += 1;
    } else {
      if (char === '[') inClass = true;
      else if (char === ']') inClass = false;
      out += char;
    }
  }
  return out;
}

function parameters(
  schema: z.ZodMiniType | undefined,
  location: 'path' | 'query' | 'header',
  convert: (schema: z.ZodMiniType) => JsonSchema,
) {
  if (!schema) return [];
  const object = convert(schema);
  const required = new Set(object.required ?? []);
  return Object.entries(object.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || required.has(name),
    ...(typeof property === 'object' && property.description ? { description: property.description } : {}),
    schema: property,
  }));
}

/** Every function reads it: the language of problem titles, details and field messages. */
const ACCEPT_LANGUAGE = {
  name: 'accept-language',
  in: 'header',
  required: false,
  description: 'The language of problems (`vi`, the default, or `en`)',
  schema: { type: 'string' },
};

/**
 * The answers every route has besides its own: the shared middleware's (input, body size and type, role, an
 * unexpected error) and API Gateway's, which answers by itself before any function runs (its JWT authorizer, its
 * 10 MiB quota) or when the function fails.
 */
function sharedAnswers(route: RouteContract): RouteResponse[] {
  const handled = (response: RouteResponse): RouteResponse => ({
    ...response,
    headers: { ...LANGUAGE_HEADERS, ...response.headers },
  });
  const answers = route.responses.map(handled);
  if (route.request.ignoreBody) return answers;
  const binaryBody = route.request.binaryBody;
  const maxBodyBytes = binaryBody?.maxBytes ?? route.request.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  answers.push(
    ...[
      problem(400),
      problem(413, `Body over ${maxBodyBytes} bytes`),
      problem(415, `A body that is not \`${binaryBody?.contentType ?? 'application/json'}\``),
      problem(500, 'Unexpected error'),
    ].map(handled),
    gatewayAnswer(
      413,
      'Body over 10 MiB: API Gateway refuses it (`{"message": "Request Entity Too Large"}`)',
    ),
    gatewayAnswer(500, 'The function failed: API Gateway answers `{"message": "Internal Server Error"}`'),
  );
  if (route.auth !== 'public') {
    const roles = route.auth.roles.join(', ');
    answers.push(
      gatewayAnswer(
        401,
        'No token, or an invalid or expired one: API Gateway\'s JWT authorizer answers `{"message": "Unauthorized"}`',
        {
          'www-authenticate': {
            description:
              'Why the token was refused, e.g. `Bearer … error="invalid_token" error_description="…"`',
          },
        },
      ),
      handled(problem(401, 'A token without a subject')),
      gatewayAnswer(
        403,
        `A valid token without the role (${roles}): API Gateway's scope check answers \`{"message": "Forbidden"}\``,
      ),
      handled(problem(403, `The function's own check of the role (${roles})`)),
    );
  }
  return answers;
}

/** The answers of one status as one response: every body it may carry; a header is required if all carry it. */
function merged(answers: RouteResponse[], output: (schema: z.ZodMiniType) => JsonSchema) {
  const content: Record<string, { schema: JsonSchema }> = {};
  for (const answer of answers) {
    if (!answer.schema && !answer.contentType) continue;
    // A problem+json answer's body is the Problem, whatever its status.
    const body = answer.schema ?? (answer.contentType === PROBLEM_CONTENT_TYPE ? problemSchema : undefined);
    const schema = body ? output(body) : {};
    const type = answer.contentType ?? 'application/json';
    const existing = content[type]?.schema;
    content[type] = {
      schema:
        !existing || JSON.stringify(existing) === JSON.stringify(schema)
          ? schema
          : { anyOf: [...(existing.anyOf ?? [existing]), schema] },
    };
  }
  const names = [...new Set(answers.flatMap((answer) => Object.keys(answer.headers ?? {})))];
  const headers = Object.fromEntries(
    names.map((name) => {
      const declared = answers.flatMap((answer) => answer.headers?.[name] ?? []);
      const first = declared[0]!;
      return [
        name,
        {
          description: first.description,
          required: declared.length === answers.length && declared.every((header) => header.required),
          ...(first.schema ? { schema: output(first.schema) } : {}),
        },
      ];
    }),
  );
  return {
    description: [...new Set(answers.map((answer) => answer.description))].join('; '),
    ...(names.length > 0 ? { headers } : {}),
    ...(Object.keys(content).length > 0 ? { content } : {}),
  };
}

function responsesOf(answers: RouteResponse[], output: (schema: z.ZodMiniType) => JsonSchema) {
  const statuses = [...new Set(answers.map((answer) => answer.status))].sort((a, b) => a - b);
  return Object.fromEntries(
    statuses.map((status) => [
      String(status),
      merged(
        answers.filter((answer) => answer.status === status),
        output,
      ),
    ]),
  );
}

/** Names of the catch-all's answers among the components. */
const CATCH_ALL_NAMES: Record<number, string> = { 404: 'NotFound', 405: 'MethodNotAllowed' };

export function buildOpenApiDocument(
  routes: readonly RouteContract[],
  info: { title: string; version: string; description: string },
  options: { catchAll?: RouteContract } = {},
) {
  const components: Record<string, JsonSchema> = {};
  const convert = (io: 'input' | 'output') => (schema: z.ZodMiniType) =>
    hoisted(z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }), components);
  const input = convert('input');
  const output = convert('output');
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes.filter((r) => r.method !== 'ANY')) {
    const { path, query, headers, bodyByPath, examples } = route.request;
    // A body per path value is documented as any of them (each action's own is named in the route's summary).
    const body = bodyByPath ? z.union(Object.values(bodyByPath.schemas)) : route.request.body;
    const operation = {
      operationId: route.operationId,
      summary: route.summary,
      tags: route.tags,
      ...(route.auth === 'public' ? {} : { security: [{ bearerAuth: [...route.auth.roles] }] }),
      parameters: [
        ...parameters(path, 'path', input),
        ...parameters(query, 'query', input),
        ...parameters(headers, 'header', input),
        ACCEPT_LANGUAGE,
      ],
      ...(route.request.binaryBody
        ? {
            requestBody: {
              required: true,
              description: route.request.binaryBody.description,
              content: {
                [route.request.binaryBody.contentType]: {
                  schema: { type: 'string', contentMediaType: route.request.binaryBody.contentType },
                },
              },
            },
          }
        : {}),
      ...(body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: input(body), ...(examples ? { examples } : {}) } },
            },
          }
        : {}),
      responses: responsesOf(sharedAnswers(route), output),
    };
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operation;
  }
  const catchAll = options.catchAll
    ? Object.fromEntries(
        Object.entries(responsesOf(sharedAnswers(options.catchAll), output)).map(([status, response]) => [
          CATCH_ALL_NAMES[Number(status)] ?? `Unmatched${status}`,
          response,
        ]),
      )
    : {};
  const document = {
    openapi: '3.1.0',
    info,
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas: components,
      responses: catchAll,
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            "OIDC token; roles are carried in the `scope` claim. `citizen_id` (12 digits, the CCCD number), which the identity provider supplies for an identity it verified (VNeID), makes the dossiers filed on the national portal under that number the holder's: listed by listMyDossiers, read and acted on as their applicant; an officer with it may not decide on them.",
        },
      },
    },
  };
  return JSON.parse(JSON.stringify(document), (key, value: unknown) =>
    key === 'pattern' && typeof value === 'string' ? asciiDigits(value) : value,
  ) as typeof document;
}
