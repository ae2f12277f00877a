// Route contract of putAgency, in a module of its own so its handler bundles only its own schemas.
import { problem, problemResponses } from '../../shared/http/openapi-schemas.js';
import { defineRoute, noQuery } from '../../shared/http/route.js';
import {
  ADMIN,
  AGENCY_ETAG,
  CHANGED_MEANWHILE,
  STALE,
  adminAgencySchema,
  agencyBodySchema,
  byUnitCode,
  ifMatchHeaders,
} from './contract.js';

export const putAgencyRoute = defineRoute({
  operationId: 'putAgency',
  method: 'PUT',
  path: '/admin/agencies/{code}',
  summary:
    'Create or replace an agency (name, level, parent, hotline, address, place); replacing an inactive one opens it again. With If-Match, only the revision named',
  tags: ['admin'],
  auth: ADMIN,
  request: {
    path: byUnitCode,
    query: noQuery,
    body: agencyBodySchema,
    headers: ifMatchHeaders,
    examples: {
      commune: {
        summary: 'A commune under the province',
        value: {
          name: 'Ủy ban nhân dân xã Mỹ Hạnh',
          level: 'commune',
          parent: '000.00.00.H56',
          hotline: '02723000111',
        },
      },
    },
    maxBodyBytes: 8 * 1024,
  },
  responses: [
    { status: 200, description: 'The agency as replaced', schema: adminAgencySchema, headers: AGENCY_ETAG },
    { status: 201, description: 'The agency as created', schema: adminAgencySchema, headers: AGENCY_ETAG },
    CHANGED_MEANWHILE,
    STALE,
    problem(422, 'The parent is the agency itself, or no active agency'),
    ...problemResponses(),
  ],
});
