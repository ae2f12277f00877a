// What the two routes of a PDF sent to /verify share (copy-get.route.ts, copy-post.route.ts): the body, its limit
// and the answers. GET is the route issue 17 names; POST is for browsers, whose fetch() sends no body with a GET.
import * as z from 'zod/mini';
import { cacheControl, problem, RETRY_AFTER } from '../../shared/http/openapi-schemas.js';
import { noQuery, type RouteContract, type ResponseHeader } from '../../shared/http/route.js';
import { copyCheckStateSchema, registeredSchema } from './contract.js';

/**
 * API Gateway takes 10 MiB, but a Lambda invocation carries at most 6 MB, the body base64-encoded: 4 MiB of PDF is
 * what reaches the function. A larger copy (up to 20 MB) goes through `POST /verify/uploads`; a browser can also ask
 * by the hash (`GET /verify/{sha256}`), computed with `crypto.subtle.digest('SHA-256', …)` without sending the file.
 */
export const MAX_VERIFY_BODY_BYTES = 4 * 1024 * 1024;

/** The check to poll, as a path of the API. */
export const CHECK_LOCATION: Record<string, ResponseHeader> = {
  location: {
    description: 'The copy check to poll: `/verify/uploads/{id}`',
    required: true,
    schema: z.string().check(z.regex(/^\/verify\/uploads\/[0-9a-f-]{36}$/)),
  },
};

/** The request and answers of both routes. */
export const copyRequest = {
  query: noQuery,
  binaryBody: {
    contentType: 'application/pdf',
    maxBytes: MAX_VERIFY_BODY_BYTES,
    description:
      'The PDF file, at most 4 MiB (a Lambda invocation carries 6 MB base64-encoded); upload a larger one (up to 20 MB) with `POST /verify/uploads`',
  },
} satisfies RouteContract['request'];

export const copyResponses = [
  {
    status: 200,
    description:
      'A copy of a document the system issued or accepted: the registry’s answer, as `GET /verify/{sha256}` gives it',
    schema: registeredSchema,
    headers: cacheControl('no-store'),
  },
  {
    status: 202,
    description:
      'A copy the system does not know: kept for a day and handed to the signature check; poll `Location` (`GET /verify/uploads/{id}`) for its signature report. The same bytes sent again while their check is pending get that check (queued again if its send failed or its message is a minute old)',
    schema: copyCheckStateSchema,
    headers: { ...CHECK_LOCATION, ...RETRY_AFTER, ...cacheControl('no-store') },
  },
  problem(400, 'No file sent'),
  problem(422, 'The file is not a PDF (the body must start with `%PDF-`)'),
] satisfies RouteContract['responses'];
