// GET /openapi.json
import { httpHandler, ok } from '../../shared/http/handler.js';
import { openApiDocument } from './openapi-document.js';
import { openApiRoute } from './openapi.route.js';

export const handler = httpHandler(openApiRoute, async () =>
  ok(openApiDocument, { 'cache-control': 'public, max-age=300' }),
);
