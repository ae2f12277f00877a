// Every documented route fed arbitrary requests over HTTP (path parameters, query, body, content type, language,
// caller): never a 5xx, and every refusal is problem+json carrying its own status, without a stack trace.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../functions/routes.js';
import { call, useLocalStack } from '../support/local-stack.js';
import { tokenFor } from '../support/dossiers.js';

const local = useLocalStack();
const tokens: Record<'none' | 'citizen' | 'officer', string | undefined> = {
  none: undefined,
  citizen: undefined,
  officer: undefined,
};
beforeAll(async () => {
  tokens.citizen = await tokenFor(local.stack);
  tokens.officer = await tokenFor(local.stack, 'officer-arbitrary', 'officer', '000.01.00.H56');
});

const text = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ maxLength: 20, unit: 'grapheme' }));
const pathValue = fc.oneof(
  text,
  fc.uuid(),
  fc.constantFrom('1.001193', '2026', '1899', 'due-date', '..', '%25', 'a'.repeat(300)),
);
const body = fc.oneof(
  fc.constant(undefined),
  fc.json({ maxDepth: 3 }),
  text,
  fc.constantFrom('{', '[]', 'null', '{"procedureCode":"1.001193"}', '{"__proto__":{"x":1}}'),
);
const request = fc.record({
  path: fc.dictionary(fc.constantFrom('id', 'attachmentId', 'code', 'year'), pathValue),
  query: fc.dictionary(
    fc.constantFrom('q', 'agency', 'serviceLevel', 'pageSize', 'cursor', 'procedure', 'acceptedAt', 'x'),
    text,
    { maxKeys: 3 },
  ),
  body,
  contentType: fc.constantFrom(undefined, 'application/json', 'text/plain', 'application/problem+json'),
  language: fc.constantFrom(undefined, 'vi', 'en', 'fr', 'en-US,en;q=0.9', '*', 'vi;q=0, en;q=0'),
  caller: fc.constantFrom('none', 'citizen', 'officer') as fc.Arbitrary<keyof typeof tokens>,
  idempotencyKey: fc.option(fc.oneof(fc.uuid(), fc.string({ maxLength: 300, unit: 'grapheme-ascii' }))),
});

describe('arbitrary requests to every route', () => {
  for (const [name, route] of Object.entries(routes)) {
    it(`${route.method} ${route.path} (${name}) answers below 500, and problem+json when it refuses`, async () => {
      await fc.assert(
        fc.asyncProperty(request, async (r) => {
          const path = route.path.replace(/\{(\w+)\}/g, (_, key: string) =>
            encodeURIComponent(r.path[key] ?? 'x'),
          );
          const query = new URLSearchParams(r.query).toString();
          const headers = new Headers();
          if (r.contentType) headers.set('content-type', r.contentType);
          if (r.idempotencyKey !== null) headers.set('idempotency-key', r.idempotencyKey);
          const response = await call(local.stack, `${path}${query ? `?${query}` : ''}`, {
            method: route.method === 'ANY' ? 'GET' : route.method,
            headers,
            body: route.method === 'GET' || r.body === undefined ? undefined : r.body,
            language: r.language,
            token: tokens[r.caller],
          });
          expect(response.status, JSON.stringify(response.body)).toBeLessThan(500);
          // API Gateway itself refuses a missing or invalid token (401) and a token without the route's scope
          // (403) with {"message": ...}: an HTTP API cannot shape those answers.
          const gatewayRefusal =
            route.auth !== 'public' &&
            (response.status === 401 || response.status === 403) &&
            typeof (response.body as { message?: unknown }).message === 'string';
          if (response.status >= 400 && !gatewayRefusal) {
            expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
            const problem = response.body as { status?: number; title?: unknown; type?: unknown };
            expect(problem.status).toBe(response.status);
            expect(typeof problem.title).toBe('string');
            expect(typeof problem.type).toBe('string');
            expect(JSON.stringify(response.body)).not.toMatch(/\n\s+at |\.ts:\d+|node_modules/);
          }
        }),
        { numRuns: 50 },
      );
    }, 60_000);
  }
});
