// Route contract of getDossierHistory, in a module of its own so its handler bundles only its own schemas.
import * as z from 'zod/mini';
import { STATUSES } from '../../shared/domain/dossier/status-machine.js';
import { cacheControl, problemResponses } from '../../shared/http/openapi-schemas.js';
import { defineRoute } from '../../shared/http/route.js';
import { CITIZEN, byDossierId } from './contract.js';

const controlSheetEventSchema = z.object({
  seq: z.int().check(z.minimum(1)),
  at: z.string(),
  action: z.string(),
  from: z.enum(STATUSES),
  to: z.enum(STATUSES),
  /** Who acted, by role and agency only: officers are not named. */
  actor: z.strictObject({ role: z.enum(['citizen', 'officer', 'system']), agency: z.nullable(z.string()) }),
  step: z.nullable(z.string()),
  agency: z.nullable(z.string()),
  /** The step's own deadline, on entering it. */
  stepDueAt: z.nullable(z.string()),
  /** The dossier's due date as this event set it (acceptance, a supplement received, an extension). */
  dueAt: z.nullable(z.string()),
  supplementPolicy: z.nullable(z.enum(['restart', 'pause'])),
  releaseMethod: z.nullable(z.enum(['online', 'counter', 'post'])),
  notification: z.nullable(
    z.object({
      channel: z.nullable(z.string()),
      template: z.nullable(z.string()),
      result: z.nullable(z.string()),
    }),
  ),
  documentHashes: z.array(z.string()),
  prevHash: z.string(),
  hash: z.string(),
});

export const dossierHistoryRoute = defineRoute({
  operationId: 'getDossierHistory',
  method: 'GET',
  path: '/dossiers/{id}/history',
  summary:
    'Phiếu kiểm soát quá trình giải quyết: every status change, hand-off and notification, hash-chained',
  tags: ['dossiers'],
  auth: CITIZEN,
  request: byDossierId,
  responses: [
    {
      status: 200,
      description: "The dossier's control sheet, with whether its hash chain checks out end to end",
      schema: z.object({
        id: z.string(),
        code: z.nullable(z.string()),
        status: z.enum(STATUSES),
        events: z.array(controlSheetEventSchema),
        chainVerified: z.boolean(),
      }),
      headers: cacheControl('private, no-store'),
    },
    ...problemResponses(404),
  ],
});
