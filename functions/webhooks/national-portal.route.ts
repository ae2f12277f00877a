// Route contract of receiveNationalPortalDossier: the National Public Service Portal pushes a dossier filed there
// (signed with the shared secret); it becomes a dossier here, once per MaHoSo, answered as the portal expects.
import * as z from 'zod/mini';
import {
  ANSWER_CODES,
  portalPushSchema,
  SIGNATURE_HEADER,
} from '../../shared/adapters/national-portal/inbound.js';
import { problem, RETRY_AFTER } from '../../shared/http/openapi-schemas.js';
import { defineRoute, noQuery } from '../../shared/http/route.js';

const answer = (codes: readonly string[]) =>
  z.object({
    error_code: z.enum(codes as [string, ...string[]]),
    message: z.string(),
  });

const taken = z.object({
  error_code: z.literal(ANSWER_CODES.accepted),
  message: z.string(),
  /** The dossier here and its code: the portal's MaHoSo stays the code the sync reports it under. */
  dossierId: z.uuid(),
  code: z.nullable(z.string()),
  duplicate: z.boolean(),
});

const updateRefused = z.object({
  error_code: z.literal(ANSWER_CODES.updatesNotAccepted),
  message: z.string(),
  /** The dossier the MaHoSo became, unchanged. */
  dossierId: z.uuid(),
  code: z.nullable(z.string()),
});

export const nationalPortalDossierRoute = defineRoute({
  operationId: 'receiveNationalPortalDossier',
  method: 'POST',
  path: '/webhooks/national-portal',
  summary:
    'The national portal pushes a dossier filed there (DongBoHoSoMC envelope, HMAC-SHA256 of the body in `x-dvcqg-signature`): one dossier per MaHoSo, in status 1 at its receiving unit; its documents are fetched and checked after the answer',
  tags: ['webhooks'],
  auth: 'public',
  request: {
    body: portalPushSchema,
    query: noQuery,
    headers: z.object({ [SIGNATURE_HEADER]: z.string().check(z.minLength(1)) }),
    // Forty documents' links and names.
    maxBodyBytes: 128 * 1024,
  },
  responses: [
    {
      status: 201,
      description:
        '`error_code` "0": the dossier was created (status 1), also from an `isUpdating` push of a MaHoSo not taken before; its documents are being fetched',
      schema: taken,
    },
    {
      status: 200,
      description: '`error_code` "0": this MaHoSo was pushed before (`duplicate`), the same dossier answers',
      schema: taken,
    },
    {
      status: 409,
      description:
        '`error_code` "4": an `isUpdating` push of a MaHoSo taken before: a dossier is not changed by push (the update must come as a supplement); nothing was written',
      schema: updateRefused,
    },
    {
      status: 422,
      description:
        '`error_code` "2": no procedure with this MaTTHC in the catalog; "3": the push names another unit (`madonvi`)',
      schema: answer([ANSWER_CODES.unknownProcedure, ANSWER_CODES.otherProvince]),
    },
    problem(400, 'A field of the push is wrong: the problem names it (`body.data.0.SoDienThoai`)'),
    problem(401, 'The signature in `x-dvcqg-signature` is missing or wrong: nothing was written'),
    problem(
      503,
      'The receiving unit is issuing many codes at once, or the push is not configured (no `NATIONAL_PORTAL_UNIT_CODE`): push again later',
      RETRY_AFTER,
    ),
  ],
});
