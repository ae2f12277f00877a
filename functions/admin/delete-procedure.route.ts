// Route contract of withdrawProcedure, in a module of its own so its handler bundles only its own schemas.
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

export const withdrawProcedureRoute = defineRoute({
  operationId: 'withdrawProcedure',
  method: 'DELETE',
  path: '/admin/procedures/{code}',
  summary:
    'Withdraw a procedure from the catalog: no longer found or submittable; open dossiers continue under their version',
  tags: ['admin'],
  auth: ADMIN,
  request: { path: byProcedureCode, query: noQuery, headers: ifMatchHeaders },
  responses: [
    {
      status: 200,
      description: 'The procedure, withdrawn',
      schema: adminProcedureSchema,
      headers: PROCEDURE_ETAG,
    },
    problem(404, 'No procedure with this code'),
    CHANGED_MEANWHILE,
    STALE,
  ],
});
