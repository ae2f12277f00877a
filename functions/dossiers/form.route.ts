// Route contract of getForm: a form issued to the applicant, served from storage.
import * as z from 'zod/mini';
import { FORM_ID_PATTERN } from '../../shared/dossier/forms.js';
import { messageKey } from '../../shared/http/messages.js';
import { formIdMessage } from '../../shared/http/field-messages.js';
import { problemResponses } from '../../shared/http/openapi-schemas.js';
import { defineRoute, noQuery } from '../../shared/http/route.js';
import { CITIZEN } from './contract.js';
import { formBeingIssued, seeStoredForm } from './form-responses.js';

export const getFormRoute = defineRoute({
  operationId: 'getForm',
  method: 'GET',
  path: '/dossiers/{id}/forms/{formId}',
  summary:
    'A form issued to the applicant (PDF, signed by the organisation as PAdES): `receipt` (phiếu tiếp nhận và hẹn trả kết quả), or `supplement-request-<n>`, `refusal-<n>`, `apology-<n>` (phiếu xin lỗi và hẹn lại ngày trả kết quả) or `stop-notice-<n>` (thông báo dừng xử lý hồ sơ) as the notification names it',
  tags: ['dossiers'],
  auth: CITIZEN,
  request: {
    path: z.object({
      id: z.uuid(),
      formId: z.string().check(z.regex(FORM_ID_PATTERN, messageKey(formIdMessage))),
    }),
    query: noQuery,
  },
  responses: [
    seeStoredForm('The form, issued once when its event happened'),
    ...problemResponses(404),
    formBeingIssued,
  ],
});
