// Route contract of deactivateAgency, in a module of its own so its handler bundles only its own schemas.
import { problem } from '../../shared/http/openapi-schemas.js';
import { defineRoute, noQuery } from '../../shared/http/route.js';
import { ADMIN, AGENCY_ETAG, STALE, adminAgencySchema, byUnitCode, ifMatchHeaders } from './contract.js';

export const deactivateAgencyRoute = defineRoute({
  operationId: 'deactivateAgency',
  method: 'DELETE',
  path: '/admin/agencies/{code}',
  summary:
    "Close an agency: it stays in the catalog, inactive (for its dossiers' history and statistics); officers' tokens naming it are refused",
  tags: ['admin'],
  auth: ADMIN,
  request: { path: byUnitCode, query: noQuery, headers: ifMatchHeaders },
  responses: [
    { status: 200, description: 'The agency, inactive', schema: adminAgencySchema, headers: AGENCY_ETAG },
    problem(404, 'No agency with this code'),
    problem(
      409,
      'A current procedure still names the agency (main agency, receiving unit or a routing step) or active agencies still report to it: the answer names them (give them to another agency, or merge it, first); or other changes kept coming first',
    ),
    STALE,
  ],
});
