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
  /** Pushed before with nothing new: nothing was written (a push again, or an update replayed). */
  duplicate: z.boolean(),
});

const updateRefused = z.object({
  error_code: z.enum([
    ANSWER_CODES.updatesNotAccepted,
    ANSWER_CODES.ownerChanged,
    ANSWER_CODES.noSupplementDocuments,
    ANSWER_CODES.staleUpdate,
    ANSWER_CODES.supplementDocumentsRefused,
  ]),
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
    'The national portal pushes a dossier filed there (DongBoHoSoMC envelope, HMAC-SHA256 of the body in `x-dvcqg-signature`): one dossier per MaHoSo, in status 1 at its receiving unit, its applicant the account whose `citizen_id` claim is SoGiayToChuHoSo; its documents are fetched and checked after the answer. `isUpdating` (with NgayCapNhat, which orders updates) changes it where its status allows',
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
      description: '`error_code` "0": the dossier was created (status 1); its documents are being fetched',
      schema: taken,
    },
    {
      status: 200,
      description:
        '`error_code` "0": this MaHoSo was pushed before. Without `isUpdating`, or an update with nothing new (the latest update again), the same dossier answers (`duplicate`, nothing written). An `isUpdating` push later (NgayCapNhat) than the last one applied was applied: before reception (status 1) the contact data (SoDienThoai, Email, DiaChiChuHoSo) and TrichYeuHoSo change, and each document of TaiLieuNop not held before (another MaHash, or link) is fetched and checked, replacing those left out; waiting for a supplement (status 5), its new documents are the applicant\'s supplement, handed in once verified (the dossier then goes back to the step that asked); the applicant is told once that it awaits a receiving officer, not again when it goes through intake after an update',
      schema: taken,
    },
    {
      status: 404,
      description: '`error_code` "5": an `isUpdating` push of a MaHoSo never taken here; nothing was written',
      schema: answer([ANSWER_CODES.unknownDossier]),
    },
    {
      status: 409,
      description:
        '`error_code` "4": an `isUpdating` push of a dossier received (status 2) or later and not waiting for a supplement; "6": the update names another owner (ChuHoSo, SoGiayToChuHoSo); "8": the update is stale, its NgayCapNhat earlier than the last update applied (a late resend), or as early with other content; nothing was written',
      schema: updateRefused,
    },
    {
      status: 422,
      description:
        '`error_code` "2": no procedure with this MaTTHC in the catalog; "3": the push names another unit (`madonvi`); "7": an update of a dossier waiting for a supplement carries no new document; "9": a supplement\'s new documents do not fit, as an online supplement would be refused: a MaThanhPhanHoSo the procedure does not have, a format it does not take (by TenTepDinhKem), a KichThuoc over its limit, or more than 40 documents in the dossier with them (the message says which); nothing was written',
      schema: z.union([answer([ANSWER_CODES.unknownProcedure, ANSWER_CODES.otherProvince]), updateRefused]),
    },
    problem(
      400,
      'A field of the push is wrong: the problem names it (`body.data.0.SoDienThoai`); an `isUpdating` push without NgayCapNhat, or with one more than 5 minutes ahead, is refused so',
    ),
    problem(401, 'The signature in `x-dvcqg-signature` is missing or wrong: nothing was written'),
    problem(
      503,
      'The receiving unit is issuing many codes at once, or the push is not configured (no `NATIONAL_PORTAL_UNIT_CODE`, or no `APPLICANT_LINK_SECRET`): push again later',
      RETRY_AFTER,
    ),
  ],
});
