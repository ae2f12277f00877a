// The one middleware stack every HTTP function uses: logging with correlation id, metrics,
// security headers, CORS, JSON body parsing, zod validation, and errors mapped once to problem+json.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import type * as z from 'zod/mini';
import { config } from '../config.js';
import { createMetrics, logger } from '../powertools.js';
import { negotiateLanguage, type Language } from './language.js';
import { DUTIES, type Duty } from '../domain/dossier/duties.js';
import { describeIssue, sizeInWords, type Localized } from './messages.js';
import { officerTitle, personName } from '../text.js';

const ROLE_NAMES: Record<string, Localized> = {
  citizen: { vi: 'công dân, tổ chức nộp hồ sơ', en: 'applicants' },
  officer: { vi: 'cán bộ', en: 'officers' },
  admin: { vi: 'quản trị viên', en: 'administrators' },
};
import {
  HttpProblem,
  PROBLEM_CONTENT_TYPE,
  problemBody,
  wrongContentType,
  type FieldError,
} from './problem.js';
import { securityHeaders, type SecurityHeaderOptions } from './security-headers.js';
import { cors } from './cors.js';
import type { RouteContract } from './route.js';

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;

export interface Caller {
  subject: string;
  roles: string[];
  agency: string | undefined;
  /** The person's citizen ID (CCCD) when the identity provider puts it in the token (claim `citizen_id`). */
  citizenId?: string;
  /** An officer's duties at their agency (claim `duties`): `receive`, `process`, `approve`. */
  duties: Duty[];
  /** The token's `name` claim cleaned as typed text (one line, at most 128 characters), where one is given. */
  name?: string;
  /** An officer's title (chức danh), the token's `title` claim cleaned as typed text, where one is given. */
  title?: string;
}

export interface HttpInput<P, Q, B> {
  path: P;
  query: Q;
  body: B;
  caller: Caller | null;
  language: Language;
  requestId: string;
  event: HttpEvent;
  /** The body's bytes, for a route that takes a `binaryBody`. */
  binary?: Buffer;
}

export type HttpResult =
  | { status?: number; json: unknown; headers?: Record<string, string> }
  | { status?: number; binary: Buffer; contentType: string; headers?: Record<string, string> };

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

function fieldErrors(source: string, error: z.core.$ZodError): FieldError[] {
  return error.issues.flatMap((issue) => {
    const path = [source, ...issue.path.map(String)].join('.');
    // Each unknown field is named on its own.
    if (issue.code === 'unrecognized_keys')
      return issue.keys.map((key) => ({ field: `${path}.${key}`, message: describeIssue(issue) }));
    return [{ field: path, message: describeIssue(issue) }];
  });
}

function callerOf(event: HttpEvent): Caller | null {
  const claims = event.requestContext.authorizer?.jwt?.claims;
  if (!claims || typeof claims.sub !== 'string') return null;
  // The scopes API Gateway checked: `scope` ("a b") or `scp`, a list it flattens to the string "[a b]".
  const words = (claim: unknown): string[] =>
    Array.isArray(claim)
      ? claim.map(String)
      : typeof claim === 'string'
        ? claim.replace(/^\[(.*)\]$/, '$1').split(' ')
        : [];
  return {
    subject: claims.sub,
    roles: [...new Set([...words(claims.scope), ...words(claims.scp)])].filter(Boolean),
    agency: typeof claims.agency === 'string' ? claims.agency : undefined,
    // A CCCD is 12 digits: any other value is no citizen ID (it links no dossier, and proves no ownership).
    ...(typeof claims.citizen_id === 'string' && /^\d{12}$/.test(claims.citizen_id)
      ? { citizenId: claims.citizen_id }
      : {}),
    duties: words(claims.duties).filter((d): d is Duty => (DUTIES as readonly string[]).includes(d)),
    ...(personName(claims.name) ? { name: personName(claims.name)! } : {}),
    ...(officerTitle(claims.title) ? { title: officerTitle(claims.title)! } : {}),
  };
}

/** 413 naming the body, the field a portal shows it at. */
function bodyTooLarge(maxBytes: number) {
  const size = sizeInWords(maxBytes);
  return new HttpProblem(
    'payload-too-large',
    { vi: `Nội dung gửi lên vượt quá ${size.vi}`, en: `The body is larger than ${size.en}` },
    [{ field: 'body', message: { vi: `Tối đa ${size.vi}`, en: `At most ${size.en}` } }],
  );
}

function parseJsonBody(event: HttpEvent, maxBytes: number): unknown {
  if (event.body === undefined || event.body === null || event.body === '') return undefined;
  const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
  if (raw.byteLength > maxBytes) throw bodyTooLarge(maxBytes);
  const contentType = (event.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (contentType !== 'application/json' && !contentType?.endsWith('+json'))
    throw wrongContentType('application/json');
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    // Not the parser's own words: they quote the body back (in whatever language it was written).
    throw new HttpProblem(
      'malformed-json',
      { vi: 'Nội dung gửi lên không phải JSON hợp lệ', en: 'The body is not valid JSON' },
      [{ field: 'body', message: { vi: 'JSON không hợp lệ', en: 'Invalid JSON' } }],
    );
  }
}

function readBinaryBody(event: HttpEvent, expected: { contentType: string; maxBytes: number }): Buffer {
  const raw =
    event.body === undefined || event.body === null
      ? Buffer.alloc(0)
      : event.isBase64Encoded
        ? Buffer.from(event.body, 'base64')
        : Buffer.from(event.body, 'utf8');
  if (raw.byteLength > expected.maxBytes) throw bodyTooLarge(expected.maxBytes);
  const contentType = (event.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (contentType !== expected.contentType) throw wrongContentType(expected.contentType);
  if (raw.byteLength === 0) {
    throw new HttpProblem(
      'validation-error',
      { vi: 'Một số trường không hợp lệ', en: 'Some fields are invalid' },
      [{ field: 'body', message: { vi: 'Chưa gửi tệp', en: 'No file was sent' } }],
    );
  }
  return raw;
}

/** Validates one part of the request; failures are collected so one answer names every wrong field. */
function validate<S extends z.ZodMiniType>(
  schema: S | undefined,
  source: string,
  value: unknown,
  errors: FieldError[],
): z.output<S> {
  if (!schema) return undefined as z.output<S>;
  // The input on each issue tells a missing value from a wrong one; messages come from ./messages.ts.
  const result = schema.safeParse(value ?? (source === 'body' ? undefined : {}), { reportInput: true });
  if (result.success) return result.data as z.output<S>;
  errors.push(...fieldErrors(source, result.error));
  return undefined as z.output<S>;
}

function toResponse(result: HttpResult): APIGatewayProxyStructuredResultV2 {
  if ('binary' in result) {
    return {
      statusCode: result.status ?? 200,
      headers: { 'content-type': result.contentType, ...result.headers },
      body: result.binary.toString('base64'),
      isBase64Encoded: true,
    };
  }
  // No content, or a redirection whose Location says where the content is: no body.
  if (result.status === 204 || result.status === 303)
    return { statusCode: result.status, headers: { ...result.headers }, body: '' };
  return {
    statusCode: result.status ?? 200,
    headers: { 'content-type': 'application/json; charset=utf-8', ...result.headers },
    body: JSON.stringify(result.json),
  };
}

function problemResponse(
  error: unknown,
  event: HttpEvent,
  metrics: Metrics,
): APIGatewayProxyStructuredResultV2 {
  const language = negotiateLanguage(event.headers?.['accept-language']);
  const instance = event.rawPath;
  let body;
  let headers: Record<string, string> = {};
  if (error instanceof HttpProblem) {
    headers = error.headers;
    body = problemBody(error.slug, language, {
      detail: error.detail[language],
      instance,
      errors: error.errors,
    });
  } else {
    logger.error('Unhandled error', error as Error);
    metrics.addMetric('UnhandledError', MetricUnit.Count, 1);
    body = problemBody('internal-error', language, { instance });
  }
  return {
    statusCode: body.status,
    headers: {
      ...headers,
      'content-type': PROBLEM_CONTENT_TYPE,
      'content-language': language,
      vary: 'Accept-Language',
    },
    body: JSON.stringify(body),
  };
}

/** Maps every error to problem+json once; nothing else in a handler builds an error response. */
const problemErrors = (
  metrics: Metrics,
): middy.MiddlewareObj<HttpEvent, APIGatewayProxyStructuredResultV2> => ({
  onError: async (request) => {
    request.response = problemResponse(request.error, request.event, metrics);
  },
});

/** Rejects callers without one of the route's roles (the API Gateway authorizer checks too: defence in depth). */
function authorize(route: RouteContract, caller: Caller | null): void {
  if (route.auth === 'public') return;
  if (!caller) {
    throw new HttpProblem('unauthorized', { vi: 'Cần đăng nhập', en: 'A valid token is required' });
  }
  if (!route.auth.roles.some((role) => caller.roles.includes(role))) {
    const roles = route.auth.roles.map((role) => ROLE_NAMES[role] ?? { vi: role, en: role });
    throw new HttpProblem('forbidden', {
      vi: `Chỉ ${roles.map((r) => r.vi).join(' hoặc ')} được dùng chức năng này`,
      en: `Only ${roles.map((r) => r.en).join(' or ')} may use this`,
    });
  }
}

export type HttpMiddleware = middy.MiddlewareObj<HttpEvent, APIGatewayProxyStructuredResultV2>;

export function httpHandler<P extends z.ZodMiniType, Q extends z.ZodMiniType, B extends z.ZodMiniType>(
  route: RouteContract<P, Q, B>,
  handle: (input: HttpInput<z.output<P>, z.output<Q>, z.output<B>>) => Promise<HttpResult>,
  options: {
    middlewares?: HttpMiddleware[];
    /** In place of the shared headers' defaults: the docs page's own Content-Security-Policy. */
    securityHeaders?: SecurityHeaderOptions;
    /** A check of the caller beyond the route's roles, before the request is read (a closed agency's officers). */
    checkCaller?: (caller: Caller) => Promise<void>;
  } = {},
) {
  // One function serves one route, so the operation is a dimension of every metric it publishes.
  const metrics = createMetrics();
  metrics.setDefaultDimensions({ operation: route.operationId });
  const core = async (event: HttpEvent, _context: Context): Promise<APIGatewayProxyStructuredResultV2> => {
    logger.setCorrelationId(event.requestContext.requestId);
    const language = negotiateLanguage(event.headers['accept-language']);
    const caller = callerOf(event);
    authorize(route as RouteContract, caller);
    if (caller && options.checkCaller) await options.checkCaller(caller);
    const binaryBody = route.request.binaryBody;
    const binary = binaryBody ? readBinaryBody(event, binaryBody) : undefined;
    const body =
      route.request.ignoreBody || binaryBody
        ? undefined
        : parseJsonBody(event, route.request.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
    const errors: FieldError[] = [];
    const path = validate(route.request.path, 'path', event.pathParameters, errors);
    const byPath = route.request.bodyByPath;
    const bodySchema = byPath
      ? byPath.schemas[String((path as Record<string, unknown> | undefined)?.[byPath.parameter])]
      : route.request.body;
    const input = {
      path,
      query: validate(route.request.query, 'query', event.queryStringParameters, errors),
      // A path that failed its own check names no body schema: its error is reported, the body is not checked.
      body: (byPath && !bodySchema ? undefined : validate(bodySchema, 'body', body, errors)) as z.output<B>,
      caller,
      language,
      requestId: event.requestContext.requestId,
      event,
      ...(binary ? { binary } : {}),
    };
    if (!route.request.body && !byPath && body !== undefined) {
      errors.push({
        field: 'body',
        message: { vi: 'Yêu cầu này không nhận nội dung', en: 'This request takes no body' },
      });
    }
    if (errors.length > 0) {
      throw new HttpProblem(
        'validation-error',
        { vi: 'Một số trường không hợp lệ', en: 'Some fields are invalid' },
        errors,
      );
    }
    const response = toResponse(await handle(input));
    response.headers = { ...response.headers, 'content-language': language, vary: 'Accept-Language' };
    return response;
  };
  // No header normalizer: payload v2.0 already has header names in lower case (API Gateway and the local gateway).
  return (
    middy<HttpEvent, APIGatewayProxyStructuredResultV2>(core)
      .use(injectLambdaContext(logger, { resetKeys: true }))
      .use(logMetrics(metrics))
      // Counted before any other middleware can answer (a replayed idempotent response, a refused signature), so
      // every invocation publishes at least this metric.
      .use({ before: async () => void metrics.addMetric('Request', MetricUnit.Count, 1) })
      .use(securityHeaders(options.securityHeaders))
      .use(
        cors({
          origins: config.allowedOrigins(),
          headers: 'content-type,authorization,idempotency-key,accept-language',
        }),
      )
      .use(problemErrors(metrics))
      .use(options.middlewares ?? [])
  );
}

export const ok = (json: unknown, headers?: Record<string, string>): HttpResult => ({ json, headers });
