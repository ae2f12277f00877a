// Schemas every route shares: the problem+json of its error answers (pagination is in page.ts).
import * as z from 'zod/mini';
import { PROBLEM_CONTENT_TYPE } from './problem.js';
import type { RouteResponse } from './route.js';

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

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input (the fields are named in `errors`)',
  401: 'Missing, invalid or expired token',
  403: 'The caller lacks the role',
  404: 'Not found',
  409: 'Conflict with the current state',
  413: 'Body too large',
  415: 'Body is not JSON',
  422: 'Cannot be processed',
  503: 'Temporarily unavailable',
};

export function problemResponses(...statuses: number[]): RouteResponse[] {
  return statuses.map((status) => ({
    status,
    description: DESCRIPTIONS[status] ?? 'Error',
    schema: problemSchema,
    contentType: PROBLEM_CONTENT_TYPE,
  }));
}
