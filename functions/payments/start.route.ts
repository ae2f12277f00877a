// Route contract of startPayment: the applicant pays a requested fee online, on the national payment platform's page.
import * as z from 'zod/mini';
import { cacheControl, problem, problemResponses } from '../../shared/http/openapi-schemas.js';
import { defineRoute } from '../../shared/http/route.js';
import { CITIZEN, byDossierId } from '../dossiers/contract.js';

export const startPaymentRoute = defineRoute({
  operationId: 'startPayment',
  method: 'POST',
  path: '/dossiers/{id}/payments',
  summary:
    "Start paying the fee requested of a dossier (status 6) on the national payment platform: open redirectUrl; the platform's callback moves the dossier back to processing",
  tags: ['payments'],
  auth: CITIZEN,
  request: { ...byDossierId, body: z.optional(z.strictObject({})), maxBodyBytes: 1024 },
  responses: [
    {
      status: 201,
      description: 'The payment, its reference (MaThamChieu) and the platform page to pay it on',
      schema: z.object({
        paymentId: z.string(),
        reference: z.string(),
        amountVnd: z.int(),
        redirectUrl: z.string(),
      }),
      headers: cacheControl('no-store'),
    },
    ...problemResponses(404),
    problem(409, 'No fee is awaiting payment on this dossier'),
    problem(503, 'Online payment is not configured'),
  ],
});
