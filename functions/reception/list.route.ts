// Route contract of listReception, in a module of its own so its handler bundles only its own schemas.
import * as z from 'zod/mini';
import { problem } from '../../shared/http/openapi-schemas.js';
import { pageOf, pageQueryFields } from '../../shared/http/page.js';
import { defineRoute } from '../../shared/http/route.js';
import { dossierViewSchema } from '../dossiers/contract.js';
import { OFFICER } from './contract.js';

export const listReceptionRoute = defineRoute({
  operationId: 'listReception',
  method: 'GET',
  path: '/reception',
  summary: "Dossiers waiting for a receiving officer of the caller's agency, oldest first",
  tags: ['reception'],
  auth: OFFICER,
  request: {
    query: z.strictObject(pageQueryFields),
  },
  responses: [
    {
      status: 200,
      description: 'A page of dossiers',
      schema: pageOf(dossierViewSchema),
    },
    problem(403, "The officer's token names no receiving unit"),
  ],
});
