// Answers and headers routes share in their contracts: the problem+json of error answers and the headers that travel
// with them (pagination is in page.ts). The schemas only the document needs (Problem, API Gateway's own answers, the
// language headers) are in openapi.ts, so handlers do not bundle them.
import * as z from 'zod/mini';
import { PROBLEM_CONTENT_TYPE } from './problem.js';
import type { ResponseHeader, RouteResponse } from './route.js';

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

/** A problem+json answer of one status, with its headers (the document gives it the `Problem` schema). */
export function problem(
  status: number,
  description = DESCRIPTIONS[status] ?? 'Error',
  headers: Record<string, ResponseHeader> = {},
): RouteResponse {
  return { status, description, contentType: PROBLEM_CONTENT_TYPE, headers };
}

export function problemResponses(...statuses: number[]): RouteResponse[] {
  return statuses.map((status) => problem(status));
}
