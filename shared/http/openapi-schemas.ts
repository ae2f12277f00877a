// Schemas and headers every route shares: the problem+json of its error answers, API Gateway's own JSON answers
// and the headers that travel with them (pagination is in page.ts).
import * as z from 'zod/mini';
import { PROBLEM_CONTENT_TYPE } from './problem.js';
import type { ResponseHeader, RouteResponse } from './route.js';

export const problemSchema = z
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
export const gatewayMessageSchema = z
  .strictObject({ message: z.string() })
  .register(z.globalRegistry, { id: 'GatewayMessage' });

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input (the fields are named in `errors`)',
  401: 'Missing, invalid or expired token',
  403: 'The caller lacks the role',
  404: 'Not found',
  405: 'Method not allowed on this path (`Allow` lists the methods it takes)',
  409: 'Conflict with the current state',
  413: 'Body too large',
  415: 'Body is not JSON',
  422: 'Cannot be processed',
  429: 'Too many requests (`Retry-After` says when to try again)',
  500: 'Internal error',
  503: 'Temporarily unavailable (`Retry-After` says when to try again)',
};

const digits = z.string().check(z.regex(/^[0-9]+$/));

/** Every answer of a function carries the language it was written in (`Accept-Language` decides). */
export const LANGUAGE_HEADERS: Record<string, ResponseHeader> = {
  'content-language': {
    description: 'The language of titles, details and messages: `vi` or `en`',
    required: true,
    schema: z.enum(['vi', 'en']),
  },
  vary: { description: '`Accept-Language`', required: true, schema: z.literal('Accept-Language') },
};

export const RETRY_AFTER: Record<string, ResponseHeader> = {
  'retry-after': { description: 'Seconds to wait before trying again', required: true, schema: digits },
};

export const ALLOW: Record<string, ResponseHeader> = {
  allow: {
    description: 'The methods this path takes, comma-separated (RFC 9110 §15.5.6)',
    required: true,
    schema: z.string().check(z.regex(/^[A-Z]+(, [A-Z]+)*$/)),
  },
};

export const cacheControl = (value: string): Record<string, ResponseHeader> => ({
  'cache-control': { description: `\`${value}\``, required: true, schema: z.literal(value) },
});

/** A problem+json answer of one status, with its headers. */
export function problem(
  status: number,
  description = DESCRIPTIONS[status] ?? 'Error',
  headers: Record<string, ResponseHeader> = {},
): RouteResponse {
  return { status, description, schema: problemSchema, contentType: PROBLEM_CONTENT_TYPE, headers };
}

export function problemResponses(...statuses: number[]): RouteResponse[] {
  return statuses.map((status) => problem(status));
}

/** One of API Gateway's own JSON answers. */
export const gatewayAnswer = (
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
