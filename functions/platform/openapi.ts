// GET /openapi.json
import { httpHandler, ok } from '../../shared/http/handler.js';
import { buildOpenApiDocument } from '../../shared/http/openapi.js';
import { routes } from '../routes.js';
import { openApiRoute } from './openapi.route.js';

export const openApiDocument = buildOpenApiDocument(Object.values(routes), {
  title: 'Một cửa điện tử — public-service portal API',
  version: '0.1.0',
  description:
    'Dossiers (hồ sơ), procedures (thủ tục hành chính), agencies (cơ quan) and the working-day calendar.',
});

export const handler = httpHandler(openApiRoute, async () =>
  ok(openApiDocument, { 'cache-control': 'public, max-age=300' }),
);
