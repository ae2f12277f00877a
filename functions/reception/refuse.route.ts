// Route contract of refuseAtReception, in a module of its own so its handler bundles only its own schemas.
import * as z from 'zod/mini';
import { problem, problemResponses } from '../../shared/http/openapi-schemas.js';
import { defineRoute } from '../../shared/http/route.js';
import { byDossierId, dossierViewSchema } from '../dossiers/contract.js';
import { OFFICER, OWN_DOSSIER } from './contract.js';

export const refuseAtReceptionRoute = defineRoute({
  operationId: 'refuseAtReception',
  method: 'POST',
  path: '/reception/{id}/refuse',
  summary: 'Refuse a dossier (status 3) with the reason the applicant is told',
  tags: ['reception'],
  auth: OFFICER,
  request: {
    ...byDossierId,
    body: z.strictObject({ reason: z.string().check(z.trim(), z.minLength(5), z.maxLength(1000)) }),
    examples: {
      notOurs: {
        summary: 'A procedure another agency handles',
        value: { reason: 'Thủ tục này không thuộc thẩm quyền giải quyết của đơn vị' },
      },
    },
    maxBodyBytes: 8 * 1024,
  },
  responses: [
    { status: 200, description: 'The refused dossier', schema: dossierViewSchema },
    OWN_DOSSIER,
    ...problemResponses(404),
    problem(409, 'The dossier is not waiting for reception, or another officer decided meanwhile'),
  ],
});
