// Route contract of getForm: a form issued to the applicant, served from storage.
import * as z from 'zod/mini';
import { FORM_ID_PATTERN } from '../../shared/dossier/forms.js';
import { messageKey } from '../../shared/http/messages.js';
import { problemResponses } from '../../shared/http/openapi-schemas.js';
import { defineRoute, noQuery } from '../../shared/http/route.js';
import { CITIZEN } from './contract.js';
import { formBeingIssued, seeStoredForm } from './form-responses.js';

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
