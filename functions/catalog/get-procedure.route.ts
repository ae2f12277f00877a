// Route contract of getProcedure, in a module of its own so its handler bundles only its own schemas.
import * as z from 'zod/mini';
import { messageKey } from '../../shared/http/messages.js';
import { procedureCodeMessage } from '../../shared/http/field-messages.js';
import { defineRoute, noQuery } from '../../shared/http/route.js';
import { problemResponses } from '../../shared/http/openapi-schemas.js';
import { procedureSchema } from '../../shared/catalog/model.js';
import { agencyRef, procedureSummarySchema } from './contract.js';

// Here, not in contract.ts: reading the catalog schema's shape would keep it in every catalog bundle.
const procedureDetailSchema = z.extend(procedureSummarySchema, {
  /** The catalog version shown: each change an operator makes is a new one (dossiers keep theirs). */
  version: z.int(),
  receivingUnit: z.string(),
  requiredDocuments: procedureSchema.shape.requiredDocuments,
  routingSteps: z.array(
    z.object({ id: z.string(), name: z.string(), agency: agencyRef, workingDays: z.number() }),
  ),
  supplementPolicy: z.enum(['restart', 'pause']),
  autoAccept: z.boolean(),
  result: z.string(),
  legalBasis: z.array(z.string()),
});

export const getProcedureRoute = defineRoute({
  operationId: 'getProcedure',
  method: 'GET',
  path: '/procedures/{code}',
  summary: 'One procedure: required documents, fee, processing time, service level, agency and routing steps',
  tags: ['catalog'],
  auth: 'public',
  request: {
    path: z.object({
      code: z.string().check(z.regex(/^[0-9]\.[0-9]{6}$/, messageKey(procedureCodeMessage))),
    }),
    query: noQuery,
  },
  responses: [
    { status: 200, description: 'The procedure', schema: procedureDetailSchema },
    ...problemResponses(404),
  ],
});
