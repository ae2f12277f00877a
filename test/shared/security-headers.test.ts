// The security headers are helmet's, as @middy/http-security-headers set them before they were written out: the same
// headers, values and omissions for the answers this API gives and the options its pages pass, but for the three
// values shared/http/security-headers.ts does not keep (empty reporting headers, `report-to csp`, the XSS auditor).
import type middy from '@middy/core';
import httpSecurityHeaders from '@middy/http-security-headers';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { securityHeaders, type SecurityHeaderOptions } from '../../shared/http/security-headers.js';

type Middleware = middy.MiddlewareObj<unknown, APIGatewayProxyStructuredResultV2>;

async function headersAfter(
  middleware: Middleware,
  phase: 'after' | 'onError',
  response: APIGatewayProxyStructuredResultV2 | undefined,
) {
  const request = { response: structuredClone(response) } as middy.Request<
    unknown,
    APIGatewayProxyStructuredResultV2
  >;
  await middleware[phase]!(request);
  return request.response;
}

const answers: [string, APIGatewayProxyStructuredResultV2 | undefined][] = [
  [
    'a JSON answer',
    { statusCode: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: '{}' },
  ],
  ['a problem', { statusCode: 404, headers: { 'content-type': 'application/problem+json' }, body: '{}' }],
  ['an HTML page', { statusCode: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: '' }],
  [
    'a page typed with a capital header',
    { statusCode: 200, headers: { 'Content-Type': 'text/html' }, body: '' },
  ],
  [
    'an answer naming its server',
    { statusCode: 204, headers: { Server: 'x', 'X-Powered-By': 'y' }, body: '' },
  ],
  ['an answer without headers', { statusCode: 303, body: '' }],
  ['no answer yet', undefined],
];
const options: SecurityHeaderOptions[] = [
  {},
  { contentSecurityPolicy: false },
  { contentSecurityPolicy: false, frameOptions: false },
];

/** The middleware's answer with the three values this API does not keep. */
function withoutReporting(response: APIGatewayProxyStructuredResultV2 | null | undefined) {
  const headers = response?.headers;
  if (!headers) return response;
  delete headers['Reporting-Endpoints'];
  delete headers['Report-To'];
  if ('X-XSS-Protection' in headers) headers['X-XSS-Protection'] = '0';
  const policy = headers['Content-Security-Policy'];
  if (typeof policy === 'string') headers['Content-Security-Policy'] = policy.replace('report-to csp; ', '');
  return response;
}

describe('security headers', () => {
  for (const option of options)
    it.each(answers)(
      `match the middleware's for %s (options ${JSON.stringify(option)})`,
      async (_, response) => {
        for (const phase of ['after', 'onError'] as const)
          expect(await headersAfter(securityHeaders(option), phase, response), phase).toStrictEqual(
            withoutReporting(await headersAfter(httpSecurityHeaders(option) as Middleware, phase, response)),
          );
      },
    );

  it('gives a page the browser policies and the JSON answers none of them', async () => {
    const page = await headersAfter(securityHeaders({ frameOptions: false }), 'after', answers[2]![1]);
    expect(page?.headers).toMatchObject({
      'Content-Security-Policy': expect.stringContaining("default-src 'none'"),
      'Permissions-Policy': expect.stringContaining('camera=()'),
      'Strict-Transport-Security': 'max-age=15552000; includeSubDomains; preload',
    });
    expect(page?.headers).not.toHaveProperty('X-Frame-Options');
    expect(page?.headers).toHaveProperty('X-XSS-Protection', '0');
    expect(page?.headers?.['Content-Security-Policy']).not.toContain('report-to');
    expect(page?.headers).not.toHaveProperty('Report-To');
    expect(page?.headers).not.toHaveProperty('Reporting-Endpoints');
    const json = await headersAfter(securityHeaders(), 'after', answers[0]![1]);
    expect(json?.headers).toHaveProperty('X-Content-Type-Options', 'nosniff');
    expect(json?.headers).not.toHaveProperty('Permissions-Policy');
  });
});
