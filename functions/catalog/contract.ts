// HTTP contract of the public catalog: agencies and procedures.
import * as z from 'zod/mini';
import { UNIT_IDENTIFIER } from '../../shared/domain/dossier/dossier-code.js';
import { foldVietnamese } from '../../shared/catalog/fold.js';
import { agencySchema, procedureSchema } from '../../shared/catalog/model.js';
import { defineRoute, noQuery } from '../../shared/http/route.js';
import { pageOf, pageQueryFields, problemResponses } from '../../shared/http/openapi-schemas.js';

export const SERVICE_LEVELS = ['toan-trinh', 'mot-phan', '2', '3', '4'] as const;

const agencyRef = z.object({ code: z.string(), name: z.string() });

export const procedureSummarySchema = z.object({
  code: z.string(),
  name: z.string(),
  field: z.string(),
  agency: agencyRef,
  serviceLevel: z.object({
    onlineService: z.string(),
    legacyLevel: z.number(),
    labels: z.object({ vi: z.string(), en: z.string() }),
  }),
  processingDays: z.number(),
  fee: z.object({ amountVnd: z.number(), note: z.optional(z.string()) }),
});

export const procedureDetailSchema = z.extend(procedureSummarySchema, {
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

export const listAgenciesRoute = defineRoute({
  operationId: 'listAgencies',
  method: 'GET',
  path: '/agencies',
  summary: 'Agencies (cơ quan) that receive and process dossiers',
  tags: ['catalog'],
  auth: 'public',
  request: { query: noQuery },
  responses: [
    { status: 200, description: 'Every agency', schema: z.object({ items: z.array(agencySchema) }) },
    ...problemResponses(400),
  ],
});

export const searchProceduresRoute = defineRoute({
  operationId: 'searchProcedures',
  method: 'GET',
  path: '/procedures',
  summary: 'Search administrative procedures (thủ tục hành chính), ignoring diacritics and case',
  tags: ['catalog'],
  auth: 'public',
  request: {
    query: z.strictObject({
      q: z.optional(
        z.pipe(
          z.string().check(z.maxLength(200)),
          z.transform((q) => foldVietnamese(q)),
        ),
      ),
      agency: z.optional(z.string().check(z.regex(UNIT_IDENTIFIER))),
      serviceLevel: z.optional(z.enum(SERVICE_LEVELS)),
      ...pageQueryFields,
    }),
  },
  responses: [
    {
      status: 200,
      description: 'One page of matching procedures, in code order',
      schema: pageOf(procedureSummarySchema),
    },
    ...problemResponses(400),
  ],
});

export const getProcedureRoute = defineRoute({
  operationId: 'getProcedure',
  method: 'GET',
  path: '/procedures/{code}',
  summary: 'One procedure: required documents, fee, processing time, service level, agency and routing steps',
  tags: ['catalog'],
  auth: 'public',
  request: {
    path: z.object({ code: z.string().check(z.regex(/^\d\.\d{6}$/, 'Mã thủ tục có dạng 1.001193')) }),
    query: noQuery,
  },
  responses: [
    { status: 200, description: 'The procedure', schema: procedureDetailSchema },
    ...problemResponses(400, 404),
  ],
});
