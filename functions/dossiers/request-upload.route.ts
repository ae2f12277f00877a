// Route contract of requestAttachmentUpload, in a module of its own so its handler bundles only its own schemas.
import * as z from 'zod/mini';
import { messageKey } from '../../shared/http/messages.js';
import { documentTypeMessage } from '../../shared/http/field-messages.js';
import { ACCEPTED_CONTENT_TYPES } from '../../shared/catalog/content-types.js';
import { problem, problemResponses } from '../../shared/http/openapi-schemas.js';
import { defineRoute } from '../../shared/http/route.js';
import { CITIZEN, byDossierId } from './contract.js';

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
      documentType: z.string().check(z.regex(/^[a-z0-9-]+$/, messageKey(documentTypeMessage))),
      fileName: z.string().check(z.minLength(1), z.maxLength(255)),
      size: z.int().check(z.positive()),
      contentType: z.enum(ACCEPTED_CONTENT_TYPES),
    }),
    examples: {
      birthCertificate: {
        summary: 'A scanned birth certificate (giấy chứng sinh) as PDF',
        value: {
          documentType: 'giay-chung-sinh',
          fileName: 'giay-chung-sinh.pdf',
          size: 245_760,
          contentType: 'application/pdf',
        },
      },
    },
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
    ...problemResponses(404),
    problem(409, 'The dossier cannot take documents now (submitted, or 40 already)'),
    problem(422, 'The document does not fit the procedure (type, content type or size)'),
  ],
});
