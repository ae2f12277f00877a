// Route contract of putProcedure, in a module of its own so its handler bundles only its own schemas.
import { procedureBodySchema } from '../../shared/catalog/model.js';
import { problem } from '../../shared/http/openapi-schemas.js';
import { defineRoute, noQuery } from '../../shared/http/route.js';
import {
  ADMIN,
  adminProcedureSchema,
  CHANGED_MEANWHILE,
  PROCEDURE_ETAG,
  STALE,
  byProcedureCode,
  ifMatchHeaders,
} from './contract.js';

export const putProcedureRoute = defineRoute({
  operationId: 'putProcedure',
  method: 'PUT',
  path: '/admin/procedures/{code}',
  summary:
    'Create or change a procedure, validated as data/catalog.json is (routing steps add up to the processing time, every agency exists and is active, document types unique): each change is a new version; dossiers keep the one they were submitted under. With If-Match, only on the version named',
  tags: ['admin'],
  auth: ADMIN,
  request: {
    path: byProcedureCode,
    query: noQuery,
    body: procedureBodySchema,
    headers: ifMatchHeaders,
    maxBodyBytes: 64 * 1024,
  },
  responses: [
    { status: 200, description: 'The new version', schema: adminProcedureSchema, headers: PROCEDURE_ETAG },
    { status: 201, description: 'The first version', schema: adminProcedureSchema, headers: PROCEDURE_ETAG },
    CHANGED_MEANWHILE,
    STALE,
    problem(422, 'An agency it names does not exist or is inactive'),
  ],
});
