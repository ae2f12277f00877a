// HTTP contract of the citizen dossier API.
import * as z from 'zod/mini';
import { ACCEPTED_CONTENT_TYPES } from '../../shared/catalog/content-types.js';
import { createDossierSchema } from '../../shared/dossier/model.js';
import { pageOf, pageQueryFields, problemResponses } from '../../shared/http/openapi-schemas.js';
import { defineRoute, noQuery } from '../../shared/http/route.js';

const CITIZEN = { roles: ['citizen'] } as const;
const dossierId = z.uuid();

/** The request of a route acting on one dossier: its id in the path, no query. */
export const byDossierId = { path: z.object({ id: dossierId }), query: noQuery };
const byAttachmentId = { path: z.object({ id: dossierId, attachmentId: z.uuid() }), query: noQuery };

export const dossierViewSchema = z.object({
  id: z.string(),
  code: z.nullable(z.string()),
  procedure: z.object({ code: z.string(), name: z.string() }),
  status: z.string(),
  nationalStatus: z.nullable(z.object({ code: z.number(), label: z.string() })),
  applicant: z.object({
    fullName: z.string(),
    citizenId: z.string(),
    phone: z.string(),
    email: z.optional(z.string()),
  }),
  channels: z.array(z.string()),
  createdAt: z.string(),
  submittedAt: z.nullable(z.string()),
  acceptedAt: z.nullable(z.string()),
  dueAt: z.nullable(z.string()),
  supplementRequest: z.nullable(
    z.object({
      checklist: z.array(z.object({ documentType: z.optional(z.string()), description: z.string() })),
      requestedAt: z.string(),
    }),
  ),
  attachments: z.array(
    z.object({
      id: z.string(),
      documentType: z.string(),
      fileName: z.string(),
      status: z.string(),
      size: z.nullable(z.number()),
      sha256: z.nullable(z.string()),
    }),
  ),
});

export const createDossierRoute = defineRoute({
  operationId: 'createDossier',
  method: 'POST',
  path: '/dossiers',
  summary: 'Start a dossier (draft) for a procedure; requires an Idempotency-Key header',
  tags: ['dossiers'],
  auth: CITIZEN,
  request: { body: createDossierSchema, query: noQuery, maxBodyBytes: 32 * 1024 },
  responses: [
    { status: 201, description: 'The draft dossier', schema: dossierViewSchema },
    ...problemResponses(400, 401, 403, 409, 413, 415, 422),
  ],
});

export const getDossierRoute = defineRoute({
  operationId: 'getDossier',
  method: 'GET',
  path: '/dossiers/{id}',
  summary: 'One of my dossiers',
  tags: ['dossiers'],
  auth: CITIZEN,
  request: byDossierId,
  responses: [
    { status: 200, description: 'The dossier', schema: dossierViewSchema },
    ...problemResponses(400, 401, 404),
  ],
});

export const listMyDossiersRoute = defineRoute({
  operationId: 'listMyDossiers',
  method: 'GET',
  path: '/me/dossiers',
  summary: 'My dossiers, newest first',
  tags: ['dossiers'],
  auth: CITIZEN,
  request: {
    query: z.strictObject(pageQueryFields),
  },
  responses: [
    {
      status: 200,
      description: 'A page of dossiers',
      schema: pageOf(dossierViewSchema),
    },
    ...problemResponses(400, 401),
  ],
});

export const requestUploadRoute = defineRoute({
  operationId: 'requestAttachmentUpload',
  method: 'POST',
  path: '/dossiers/{id}/attachments',
  summary: 'A presigned POST for one document, limited to its type and maximum size',
  tags: ['dossiers'],
  auth: CITIZEN,
  request: {
    ...byDossierId,
    body: z.strictObject({
      documentType: z.string().check(z.regex(/^[a-z0-9-]+$/)),
      fileName: z.string().check(z.minLength(1), z.maxLength(255)),
      size: z.int().check(z.positive()),
      contentType: z.enum(ACCEPTED_CONTENT_TYPES),
    }),
  },
  responses: [
    {
      status: 201,
      description: 'Where and how to upload',
      schema: z.object({
        attachmentId: z.string(),
        fileName: z.string(),
        upload: z.object({ url: z.string(), fields: z.record(z.string(), z.string()) }),
        expiresAt: z.string(),
      }),
    },
    ...problemResponses(400, 401, 404, 409, 422),
  ],
});

export const completeUploadRoute = defineRoute({
  operationId: 'completeAttachmentUpload',
  method: 'POST',
  path: '/dossiers/{id}/attachments/{attachmentId}/complete',
  summary: 'Verify the uploaded object (size, SHA-256, magic bytes); a mismatch deletes it',
  tags: ['dossiers'],
  auth: CITIZEN,
  request: byAttachmentId,
  responses: [
    { status: 200, description: 'The verified attachment' },
    ...problemResponses(400, 401, 404, 409, 422),
  ],
});

export const deleteAttachmentRoute = defineRoute({
  operationId: 'deleteAttachment',
  method: 'DELETE',
  path: '/dossiers/{id}/attachments/{attachmentId}',
  summary: 'Delete an attachment that is not yet verified, or any attachment of a draft',
  tags: ['dossiers'],
  auth: CITIZEN,
  request: byAttachmentId,
  responses: [{ status: 204, description: 'Deleted' }, ...problemResponses(400, 401, 404, 409)],
});

export const submitDossierRoute = defineRoute({
  operationId: 'submitDossier',
  method: 'POST',
  path: '/dossiers/{id}/submit',
  summary: 'Submit the dossier (status 1, Mới đăng ký) once every mandatory document is verified',
  tags: ['dossiers'],
  auth: CITIZEN,
  request: byDossierId,
  responses: [
    { status: 200, description: 'The submitted dossier', schema: dossierViewSchema },
    ...problemResponses(400, 401, 404, 409, 422),
  ],
});

export const receiptRoute = defineRoute({
  operationId: 'getReceipt',
  method: 'GET',
  path: '/dossiers/{id}/receipt.pdf',
  summary: 'Phiếu tiếp nhận hồ sơ và hẹn trả kết quả (PDF), once the dossier is accepted',
  tags: ['dossiers'],
  auth: CITIZEN,
  request: byDossierId,
  responses: [
    { status: 200, description: 'The receipt', contentType: 'application/pdf' },
    ...problemResponses(400, 401, 404, 409),
  ],
});

export const submitSupplementRoute = defineRoute({
  operationId: 'submitSupplement',
  method: 'POST',
  path: '/dossiers/{id}/supplement',
  summary: 'Resubmit after a supplement request, once the new documents are verified',
  tags: ['dossiers'],
  auth: CITIZEN,
  request: byDossierId,
  responses: [
    { status: 200, description: 'The dossier, back at reception', schema: dossierViewSchema },
    ...problemResponses(400, 401, 404, 409, 422),
  ],
});
