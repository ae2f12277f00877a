// Route contract of listAgencyDossiers: an agency's inbox (dossiers at it now) or everything that was ever at it.
import * as z from 'zod/mini';
import { STATUSES } from '../../shared/domain/dossier/status-machine.js';
import { messageKey } from '../../shared/http/messages.js';
import { procedureCodeMessage } from '../../shared/http/field-messages.js';
import { localDateField } from '../../shared/http/local-date-field.js';
import { problem } from '../../shared/http/openapi-schemas.js';
import { pageOf, pageQueryFields } from '../../shared/http/page.js';
import { defineRoute } from '../../shared/http/route.js';
import { STAFF } from './contract.js';

export const inboxItemSchema = z.object({
  id: z.string(),
  code: z.nullable(z.string()),
  procedure: z.object({ code: z.string(), name: z.string() }),
  status: z.enum(STATUSES),
  nationalStatus: z.nullable(z.object({ code: z.int(), label: z.string() })),
  step: z.nullable(z.object({ id: z.string(), name: z.string(), agency: z.string(), dueAt: z.string() })),
  dueAt: z.nullable(z.string()),
  overdue: z.boolean(),
  workingDaysLeft: z.nullable(z.int()),
  /** The applicant's name only: the rest is in the staff view, whose reads are recorded. */
  applicant: z.object({ fullName: z.string() }),
});

export const listAgencyDossiersRoute = defineRoute({
  operationId: 'listAgencyDossiers',
  method: 'GET',
  path: '/agency/dossiers',
  summary:
    "The caller's agency's dossiers: `inbox` (at the agency now; by working due date, or by received date) or `all` (ever at the agency, most recently received first). One of `status`, `procedure`, `step` at a time; `overdue` and `dueBefore` narrow the due date",
  tags: ['agency'],
  auth: STAFF,
  request: {
    query: z.strictObject({
      view: z._default(z.enum(['inbox', 'all']), 'inbox'),
      status: z.optional(z.enum(STATUSES)),
      procedure: z.optional(z.string().check(z.regex(/^[0-9]\.[0-9]{6}$/, messageKey(procedureCodeMessage)))),
      step: z.optional(z.string().check(z.regex(/^[a-z0-9-]{1,64}$/))),
      overdue: z.optional(z.enum(['true', 'false'])),
      dueBefore: z.optional(localDateField),
      /** `due` by default for the inbox; `all` is by received date only. */
      sort: z.optional(z.enum(['due', 'received'])),
      ...pageQueryFields,
    }),
  },
  responses: [
    { status: 200, description: 'One page of dossiers', schema: pageOf(inboxItemSchema) },
    problem(403, 'The token names no agency'),
  ],
});
