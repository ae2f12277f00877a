// Idempotency-Key for POST /dossiers: Powertools idempotency on DynamoDB, keyed by caller and key, payload-checked.
import canonicalize from 'canonicalize';
import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { makeHandlerIdempotent } from '@aws-lambda-powertools/idempotency/middleware';
import { dynamodbClient } from '../../shared/aws/clients.js';
import { config } from '../../shared/config.js';
import type { HttpMiddleware } from '../../shared/http/handler.js';
import { HttpProblem } from '../../shared/http/problem.js';
import { IDEMPOTENCY_KEY } from './contract.js';

/** A missing or malformed key is a 400 before anything is recorded. */
const requireKey: HttpMiddleware = {
  before: async (request) => {
    const key = request.event.headers['idempotency-key'];
    if (!key || !IDEMPOTENCY_KEY.test(key)) {
      throw new HttpProblem(
        'validation-error',
        {
          vi: 'Cần tiêu đề Idempotency-Key (8–128 ký tự chữ, số, _ . : -)',
          en: 'An Idempotency-Key header (8–128 of A-Z a-z 0-9 _ . : -) is required',
        },
        [
          {
            field: 'header.idempotency-key',
            message: key
              ? { vi: 'Không đúng định dạng', en: 'Not in the expected format' }
              : { vi: 'Bắt buộc phải có', en: 'Required' },
          },
        ],
      );
    }
  },
};

/**
 * The body a key is checked against is its RFC 8785 canonical form, so a retry that serializes the same JSON with
 * other whitespace or key order is the same request. The handler then reads the canonical text: the same data.
 * A body that is not JSON is left as it is, for the parser's 400.
 */
const canonicalBody: HttpMiddleware = {
  before: async ({ event }) => {
    if (!event.body) return;
    const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
    let canonical: string | undefined;
    try {
      canonical = canonicalize(JSON.parse(text));
    } catch {
      // Not JSON, or JSON that RFC 8785 has no form for (a lone surrogate): compared as sent.
      return;
    }
    if (canonical === undefined) return;
    event.body = canonical;
    event.isBase64Encoded = false;
  },
};

/** Powertools' errors as problems: a key reused with another body is 422; a request still running is 409. */
const mapIdempotencyErrors: HttpMiddleware = {
  onError: async (request) => {
    const name = (request.error as Error | undefined)?.name;
    if (name === 'IdempotencyValidationError') {
      request.error = new HttpProblem(
        'unprocessable-content',
        {
          vi: 'Idempotency-Key này đã dùng cho một nội dung khác',
          en: 'This Idempotency-Key was used with a different body',
        },
        [
          {
            field: 'header.idempotency-key',
            message: { vi: 'Đã dùng cho một nội dung khác', en: 'Already used with a different body' },
          },
        ],
      );
    } else if (name === 'IdempotencyAlreadyInProgressError') {
      request.error = new HttpProblem('conflict', {
        vi: 'Yêu cầu với Idempotency-Key này đang được xử lý; thử lại sau giây lát',
        en: 'A request with this Idempotency-Key is in progress; retry shortly',
      });
    }
  },
};

/**
 * Powertools' middy onError deletes the in-progress record whatever the error, even when its own `before` refused
 * the request because *another* request holds that record; that lets a third request in. Errors raised against
 * someone else's record must leave it alone.
 */
function keepOthersRecords(idempotency: HttpMiddleware): HttpMiddleware {
  const foreign = new Set([
    'IdempotencyAlreadyInProgressError',
    'IdempotencyValidationError',
    'IdempotencyKeyError',
  ]);
  return {
    ...idempotency,
    onError: async (request) => {
      if (foreign.has((request.error as Error | undefined)?.name ?? '')) return;
      await idempotency.onError?.(request);
    },
  };
}

export function idempotencyMiddlewares(): HttpMiddleware[] {
  const persistenceStore = new DynamoDBPersistenceLayer({
    tableName: config.tableName('idempotency'),
    awsSdkV3Client: dynamodbClient,
  });
  const idempotency = makeHandlerIdempotent({
    persistenceStore,
    config: new IdempotencyConfig({
      eventKeyJmesPath: '[requestContext.authorizer.jwt.claims.sub, headers."idempotency-key"]',
      payloadValidationJmesPath: 'body',
      throwOnNoIdempotencyKey: true,
      expiresAfterSeconds: 24 * 3600,
    }),
  }) as HttpMiddleware;
  return [requireKey, canonicalBody, mapIdempotencyErrors, keepOthersRecords(idempotency)];
}
