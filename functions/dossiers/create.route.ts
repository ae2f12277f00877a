// Route contract of createDossier, in a module of its own so its handler bundles only its own schemas.
import { createDossierSchema } from '../../shared/dossier/applicant.js';
import * as z from 'zod/mini';
import { problem, RETRY_AFTER } from '../../shared/http/openapi-schemas.js';
import { defineRoute, noQuery } from '../../shared/http/route.js';
import { CITIZEN, dossierViewSchema, IDEMPOTENCY_KEY } from './contract.js';

export const createDossierRoute = defineRoute({
  operationId: 'createDossier',
  method: 'POST',
  path: '/dossiers',
  summary: 'Start a dossier (draft) for a procedure; requires an Idempotency-Key header',
  tags: ['dossiers'],
  auth: CITIZEN,
  request: {
    body: createDossierSchema,
    examples: {
      birthRegistration: {
        summary: 'A birth registration, told by Zalo and email',
        value: {
          procedureCode: '1.001193',
          applicant: {
            fullName: 'Nguyễn Thị Bình',
            citizenId: '079203001234',
            phone: '0912345678',
            email: 'binh@example.vn',
            address: '12 Lê Lợi, phường Long An',
          },
          form: { childName: 'Nguyễn Minh An', birthDate: '2026-11-20' },
          channels: ['zalo', 'email'],
          language: 'vi',
        },
      },
    },
    query: noQuery,
    headers: z.object({
      'idempotency-key': z.string().check(z.regex(IDEMPOTENCY_KEY)).register(z.globalRegistry, {
        description:
          'Required: a retry with the same key and body returns the same dossier (for 24 hours); the same key with another body is a 422',
      }),
    }),
    maxBodyBytes: 32 * 1024,
  },
  responses: [
    {
      status: 201,
      description: 'The draft dossier (or, for a retried key, the same one)',
      schema: dossierViewSchema,
    },
    problem(409, 'A request with this Idempotency-Key is still in progress'),
    problem(422, 'Unknown procedure, or the Idempotency-Key was used with another body'),
    problem(429, "The citizen's drafts of the day are used up", RETRY_AFTER),
  ],
});
