// Route contract of listMyDossiers, in a module of its own so its handler bundles only its own schemas.
import * as z from 'zod/mini';
import { pageOf, pageQueryFields } from '../../shared/http/page.js';
import { defineRoute } from '../../shared/http/route.js';
import { CITIZEN, dossierViewSchema } from './contract.js';

export const listMyDossiersRoute = defineRoute({
  operationId: 'listMyDossiers',
  method: 'GET',
  path: '/me/dossiers',
  summary:
    'My dossiers, newest first: those my account created and, when my token carries the `citizen_id` claim, those filed on the national portal under that ID number',
  tags: ['dossiers'],
  auth: CITIZEN,
  request: {
    query: z.strictObject(pageQueryFields),
  },
  responses: [
    {
      status: 200,
      description: 'A page of dossiers',
      schema: pageOf(dossierViewSchema),
    },
  ],
});
