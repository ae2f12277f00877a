// Route contract of lookupDossier: the public status lookup by dossier code, opened by a verifier or a signed link.
import * as z from 'zod/mini';
import { PROOF, VERIFIER } from '../../shared/domain/dossier/lookup.js';
import { STATUSES } from '../../shared/domain/dossier/status-machine.js';
import { messageKey } from '../../shared/http/messages.js';
import {
  dossierCodeMessage,
  lookupOneVerifierMessage,
  lookupProofMessage,
  lookupVerifierMessage,
} from '../../shared/http/field-messages.js';
import { cacheControl, problem, RETRY_AFTER } from '../../shared/http/openapi-schemas.js';
import { defineRoute } from '../../shared/http/route.js';

/** Mã hồ sơ as issued: `<unit identifier>-<yyMMdd>-<4-digit sequence>`. */
export const dossierCode = z
  .string()
  .check(z.regex(/^[A-Z0-9]+(?:\.[A-Z0-9]+)*-[0-9]{6}-[0-9]{4}$/, messageKey(dossierCodeMessage)));

const lookupQuery = z
  .strictObject({
    verifier: z.optional(
      z
        .string()
        .check(z.regex(VERIFIER, messageKey(lookupVerifierMessage)))
        .register(z.globalRegistry, {
          description:
            "The last 4 digits of the applicant's phone number, or the 6-character PIN printed on the receipt",
        }),
    ),
    proof: z.optional(
      z
        .string()
        .check(z.regex(PROOF, messageKey(lookupProofMessage)))
        .register(z.globalRegistry, {
          description: "The proof the receipt's QR link carries (`…/tra-cuu?ma=<code>&proof=<proof>`)",
        }),
    ),
  })
  .check(
    z.superRefine((query, ctx) => {
      if ((query.verifier === undefined) === (query.proof === undefined))
        ctx.addIssue({ code: 'custom', path: ['verifier'], message: messageKey(lookupOneVerifierMessage) });
    }),
  );

const nullableDate = z.nullable(z.string());

export const lookupViewSchema = z.strictObject({
  code: z.string(),
  procedure: z.strictObject({ code: z.string(), name: z.string() }),
  /** Where the dossier is: the agency of its step, the counter that received it otherwise. */
  agency: z.strictObject({ code: z.string(), name: z.string() }),
  step: z.nullable(z.strictObject({ id: z.string(), name: z.string() })),
  status: z.enum(STATUSES),
  nationalStatus: z.nullable(
    z.strictObject({ code: z.int().check(z.minimum(1), z.maximum(10)), label: z.string() }),
  ),
  receivedAt: nullableDate,
  /** The date the applicant was given: an extension's new date once there is one. */
  dueAt: nullableDate,
  resolvedAt: nullableDate,
  releasedAt: nullableDate,
  /** The family name and the initials of the other names: "Nguyễn V. A.". */
  applicantName: z.string(),
  /** Status changes and hand-offs with their dates: no notes, no officers, no documents. */
  timeline: z.array(
    z.strictObject({
      at: z.string(),
      action: z.string(),
      from: z.enum(STATUSES),
      to: z.enum(STATUSES),
      agency: z.nullable(z.string()),
    }),
  ),
});

export const lookupDossierRoute = defineRoute({
  operationId: 'lookupDossier',
  method: 'GET',
  path: '/lookup/{code}',
  summary:
    "Tra cứu hồ sơ: a dossier's status by its code, with the applicant's phone's last 4 digits, the receipt's PIN or the QR link's proof",
  tags: ['lookup'],
  auth: 'public',
  request: { path: z.object({ code: dossierCode }), query: lookupQuery },
  responses: [
    {
      status: 200,
      description: 'The dossier as the public may see it',
      schema: lookupViewSchema,
      headers: cacheControl('no-store'),
    },
    problem(400),
    problem(
      404,
      'No dossier of that code opens with that verifier or proof (the same answer whichever was wrong)',
    ),
    problem(
      429,
      'Five wrong verifiers for this code in the window: `Retry-After` says when it opens again',
      RETRY_AFTER,
    ),
  ],
});
