// The CORS headers are those @middy/http-cors set before they were written out: the same headers and values for the
// origins a stage may configure, the origins browsers send and the answers this API gives.
import type middy from '@middy/core';
import httpCors from '@middy/http-cors';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { cors } from '../../shared/http/cors.js';

type Middleware = middy.MiddlewareObj<unknown, APIGatewayProxyStructuredResultV2>;

const HEADERS = 'content-type,authorization,idempotency-key,accept-language';

async function headersAfter(
  middleware: Middleware,
  phase: 'after' | 'onError',
  origin: string | undefined,
  response: APIGatewayProxyStructuredResultV2 | undefined,
) {
  const request = {
    event: {
      version: '2.0',
      requestContext: { http: { method: 'GET' } },
      headers: origin === undefined ? {} : { origin },
    },
    response: structuredClone(response),
  } as unknown as middy.Request<unknown, APIGatewayProxyStructuredResultV2>;
  await middleware[phase]!(request);
  return request.response;
}

const configured: string[][] = [
  [],
  ['http://localhost:5173'],
  ['https://dichvucong.example.vn', 'http://localhost:5173'],
  ['*'],
  ['*', 'https://dichvucong.example.vn'],
  ['https://*.example.vn'],
];
const origins = [
  undefined,
  'http://localhost:5173',
  'https://dichvucong.example.vn',
  'https://portal.example.vn',
  'https://a.b.example.vn',
  'https://evil.example',
];
const answers: [string, APIGatewayProxyStructuredResultV2 | undefined][] = [
  [
    'a JSON answer',
    {
      statusCode: 200,
      headers: { 'content-type': 'application/json; charset=utf-8', vary: 'Accept-Language' },
      body: '{}',
    },
  ],
  ['a problem', { statusCode: 404, headers: { 'content-type': 'application/problem+json' }, body: '{}' }],
  ['an answer without headers', { statusCode: 303, body: '' }],
  ['an answer with its own Vary', { statusCode: 200, headers: { Vary: 'Accept' }, body: '' }],
  ['no answer yet', undefined],
];

describe('CORS headers', () => {
  for (const allowed of configured)
    it.each(answers)(
      `match the middleware's for %s (origins ${JSON.stringify(allowed)})`,
      async (_, response) => {
        const ours = cors({ origins: allowed, headers: HEADERS }) as Middleware;
        const theirs = httpCors({ origins: allowed, credentials: false, headers: HEADERS }) as Middleware;
        for (const origin of origins)
          for (const phase of ['after', 'onError'] as const)
            expect(await headersAfter(ours, phase, origin, response), `${phase} ${origin}`).toStrictEqual(
              await headersAfter(theirs, phase, origin, response),
            );
      },
    );

  it('names a configured origin, varies by Origin when several are, and names no other', async () => {
    const middleware = cors({
      origins: ['https://dichvucong.example.vn', 'http://localhost:5173'],
      headers: HEADERS,
    }) as Middleware;
    const allowed = await headersAfter(middleware, 'after', 'http://localhost:5173', answers[0]![1]);
    expect(allowed?.headers).toMatchObject({
      'Access-Control-Allow-Origin': 'http://localhost:5173',
      'Access-Control-Allow-Headers': HEADERS,
      vary: 'Accept-Language, Origin',
    });
    const stranger = await headersAfter(middleware, 'after', 'https://evil.example', answers[0]![1]);
    expect(stranger?.headers).not.toHaveProperty('Access-Control-Allow-Origin');
    expect(stranger?.headers).not.toHaveProperty('Access-Control-Allow-Credentials');
  });
});
