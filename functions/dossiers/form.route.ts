// Route contract of getForm (a form issued to the applicant), and the answers every form route shares.
import * as z from 'zod/mini';
import { FORM_ID_PATTERN } from '../../shared/dossier/forms.js';
import { messageKey } from '../../shared/http/messages.js';
import { cacheControl, problem, problemResponses, RETRY_AFTER } from '../../shared/http/openapi-schemas.js';
import { defineRoute, noQuery, type RouteResponse } from '../../shared/http/route.js';
import { CITIZEN } from './contract.js';

/** 303 to a presigned GET of the stored PDF: the function never touches the bytes, S3 serves them. */
export const seeStoredForm = (description: string): RouteResponse => ({
  status: 303,
  description: `${description}. \`Location\` is a presigned GET of the stored PDF, valid for five minutes; S3 answers it with \`application/pdf\` and \`Content-Disposition: inline\`.`,
  headers: {
    ...cacheControl('private, no-store'),
    location: {
      description: 'Short-lived presigned URL of the stored form',
      required: true,
      schema: z.url(),
    },
  },
});

export const formBeingIssued = problem(
  503,
  'The form is being issued (it is rendered once, right after its event): `Retry-After` says when to ask again',
  RETRY_AFTER,
);

export const getFormRoute = defineRoute({
  operationId: 'getForm',
  method: 'GET',
  path: '/dossiers/{id}/forms/{formId}',
  summary:
    'A form issued to the applicant (PDF): `receipt` (phiếu tiếp nhận và hẹn trả kết quả) or `apology-<n>` (phiếu xin lỗi và hẹn lại ngày trả kết quả, named in the extension notification)',
  tags: ['dossiers'],
  auth: CITIZEN,
  request: {
    path: z.object({
      id: z.uuid(),
      formId: z.string().check(z.regex(FORM_ID_PATTERN, messageKey('form-id'))),
    }),
    query: noQuery,
  },
  responses: [
    seeStoredForm('The form, issued once when its event happened'),
    ...problemResponses(404),
    formBeingIssued,
  ],
});
