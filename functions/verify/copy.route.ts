// What the two routes of a PDF sent to /verify share (copy-get.route.ts, copy-post.route.ts): the body, its limit
// and the answers. GET is the route issue 17 names; POST is for browsers, whose fetch() sends no body with a GET.
import { cacheControl, problem } from '../../shared/http/openapi-schemas.js';
import { noQuery, type RouteContract } from '../../shared/http/route.js';
import { verifiedCopySchema } from './contract.js';

/**
 * API Gateway takes 10 MiB, but a Lambda invocation carries at most 6 MB, the body base64-encoded: 4 MiB of PDF is
 * what reaches the function. A larger document is checked by its hash (`GET /verify/{sha256}`), which a browser
 * computes with `crypto.subtle.digest('SHA-256', …)` without sending the file.
 */
export const MAX_VERIFY_BODY_BYTES = 4 * 1024 * 1024;

/** The request and answers of both routes. */
export const copyRequest = {
  query: noQuery,
  binaryBody: {
    contentType: 'application/pdf',
    maxBytes: MAX_VERIFY_BODY_BYTES,
    description:
      'The PDF file, at most 4 MiB (a Lambda invocation carries 6 MB base64-encoded); check a larger one by its SHA-256 with `GET /verify/{sha256}`',
  },
} satisfies RouteContract['request'];

export const copyResponses = [
  {
    status: 200,
    description:
      'Known (`known: true`, the registry’s fields) or not (`known: false`), with every signature the PDF carries: verdict, signer, time',
    schema: verifiedCopySchema,
    headers: cacheControl('no-store'),
  },
  problem(400, 'No file sent'),
] satisfies RouteContract['responses'];
