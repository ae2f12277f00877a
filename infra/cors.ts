// The HTTP API's CORS configuration, one definition for the CDK stack and the local gateway so both answer browsers alike.
export const CORS = {
  allowMethods: ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'] as const,
  allowHeaders: ['content-type', 'authorization', 'idempotency-key', 'accept-language', 'if-match'],
  /** Response headers a browser portal may read beyond the CORS-safelisted ones: when to retry, what is allowed. */
  exposeHeaders: ['retry-after', 'allow', 'content-language', 'www-authenticate', 'etag'],
  maxAgeSeconds: 3600,
};
