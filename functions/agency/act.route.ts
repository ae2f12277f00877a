// Route contract of actOnDossier: an officer moves a dossier on, on the version they saw (If-Match).
import * as z from 'zod/mini';
import { localDateField } from '../../shared/http/local-date-field.js';
import { plainText } from '../../shared/text.js';
import { cacheControl, problem, RETRY_AFTER } from '../../shared/http/openapi-schemas.js';
import { defineRoute, noQuery } from '../../shared/http/route.js';
import { ETAG, STAFF, staffViewSchema } from './contract.js';
import { STAFF_ACTIONS } from './staff-actions.js';

/** Officers' words reach the applicant by SMS and Zalo: one clean line (see plainText), refused when empty. */
const text = (max: number) =>
  z.pipe(
    z.pipe(z.string().check(z.maxLength(max * 2)), z.transform(plainText)),
    z.string().check(z.minLength(1), z.maxLength(max)),
  );

/** The body each action takes (the action is the last path segment). */
export const actionBodies = {
  forward: z.strictObject({
    toStep: z.string().check(z.minLength(1), z.maxLength(64)),
    note: z.optional(text(500)),
  }),
  return: z.strictObject({ note: text(500) }),
  'request-supplement': z.strictObject({
    checklist: z
      .array(
        z.strictObject({
          documentType: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
          description: z.string().check(z.trim(), z.minLength(3), z.maxLength(500)),
        }),
      )
      .check(z.minLength(1), z.maxLength(30)),
  }),
  'request-fee': z.strictObject({
    items: z
      .array(
        z.strictObject({
          name: text(200),
          amountVnd: z.int().check(z.positive(), z.maximum(1_000_000_000_000)),
        }),
      )
      .check(z.minLength(1), z.maxLength(20)),
  }),
  'confirm-payment': z.strictObject({ reference: text(100), method: z.enum(['counter', 'transfer']) }),
  extend: z.strictObject({
    newDueDate: localDateField,
    reason: text(500),
  }),
  resolve: z.strictObject({
    resultIds: z
      .array(z.uuid())
      .check(z.minLength(1), z.maxLength(20))
      .register(z.globalRegistry, { uniqueItems: true }),
  }),
  release: z.strictObject({ method: z.enum(['online', 'counter', 'post']) }),
  stop: z.strictObject({ reason: text(500) }),
} satisfies Record<(typeof STAFF_ACTIONS)[number], z.ZodMiniType>;

export const actOnDossierRoute = defineRoute({
  operationId: 'actOnDossier',
  method: 'POST',
  path: '/agency/dossiers/{id}/{action}',
  summary:
    "Act on a dossier at the caller's agency: forward {toStep, note?}, return {note}, request-supplement {checklist}, request-fee {items}, confirm-payment {reference, method}, extend {newDueDate, reason} (approve), resolve {resultIds} (approve, last step), release {method} (receive, receiving unit), stop {reason}",
  tags: ['agency'],
  auth: STAFF,
  request: {
    path: z.object({ id: z.uuid(), action: z.enum(STAFF_ACTIONS) }),
    query: noQuery,
    headers: z.object({ 'if-match': z.string() }),
    bodyByPath: { parameter: 'action', schemas: actionBodies },
    maxBodyBytes: 32 * 1024,
  },
  responses: [
    {
      status: 200,
      description: 'The dossier after the action, with its new ETag',
      schema: staffViewSchema,
      headers: { ...ETAG, ...cacheControl('no-store') },
    },
    problem(403, 'Not a duty of the caller, or the caller applied for this dossier'),
    problem(404, "No such dossier at the caller's agency"),
    problem(409, "The dossier's status does not allow this action now"),
    problem(412, "The If-Match ETag is not the dossier's current one: reload it"),
    problem(503, 'The dossier kept changing under the action (nothing was written): try again', RETRY_AFTER),
    problem(422, 'The action cannot apply as asked (a step, a date or a result the dossier does not have)'),
    problem(428, 'No If-Match header'),
  ],
});
