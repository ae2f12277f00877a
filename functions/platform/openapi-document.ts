// The OpenAPI document of the whole API, built from the route contracts: served by GET /openapi.json and turned
// into the portal client's types (client/src/schema.d.ts) by `npm run client:generate`.
import { buildOpenApiDocument } from '../../shared/http/openapi.js';
import { routes } from '../routes.js';
import { notFoundRoute } from './not-found.route.js';

export const openApiDocument = buildOpenApiDocument(
  Object.values(routes),
  {
    title: 'Một cửa điện tử — public-service portal API',
    version: '0.1.0',
    description: [
      'Dossiers (hồ sơ), procedures (thủ tục hành chính), agencies (cơ quan) and the working-day calendar.',
      'Errors are RFC 9457 `application/problem+json` (`Problem`), except the answers API Gateway gives by itself',
      "(`GatewayMessage`, `application/json`, which HTTP APIs cannot customize): its JWT authorizer's 401",
      '`{"message": "Unauthorized"}` (with `www-authenticate`) and 403 `{"message": "Forbidden"}`, 413 over 10 MiB,',
      'and, on any operation, 429 `{"message": "Too Many Requests"}` when the stage is throttled and 500/503/504 when',
      'a function fails or times out. Treat those as problems too: 401 means get a new token, 403 that the user may not.',
      'A path no operation has gets the `NotFound` response; a path with another method, `MethodNotAllowed`.',
    ].join(' '),
  },
  { catchAll: notFoundRoute },
);
