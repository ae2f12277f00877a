// Route contract of readAudit, in a module of its own so its handler bundles only its own schemas.
import * as z from 'zod/mini';
import { isValidLocalDate } from '../../shared/domain/calendar/local-date.js';
import { messageKey } from '../../shared/http/messages.js';
import { instantMessage } from '../../shared/http/field-messages.js';
import { pageOf, pageQueryFields } from '../../shared/http/page.js';
import { defineRoute } from '../../shared/http/route.js';
import { ADMIN, auditItemSchema } from './contract.js';

const INSTANT = /^(\d{4}-\d{2}-\d{2})(T(\d{2}):(\d{2})(:(\d{2})(\.\d{1,3})?)?Z)?$/;

/** Written as the entries' `at` is, and a day or time that exists: 2026-13-01 or 24:00 would read as no period. */
function isInstant(value: string): boolean {
  const match = INSTANT.exec(value);
  if (!match || !isValidLocalDate(match[1]!)) return false;
  return !match[2] || (Number(match[3]) < 24 && Number(match[4]) < 60 && Number(match[6] ?? 0) < 60);
}

/** A day (the whole of it) or an instant in UTC, as the entries' `at` is written. */
const instant = z
  .string()
  .check(
    z.regex(INSTANT, { error: messageKey(instantMessage), abort: true }),
    z.refine(isInstant, messageKey(instantMessage)),
  );

export const readAuditRoute = defineRoute({
  operationId: 'readAudit',
  method: 'GET',
  path: '/admin/audit',
  summary:
    'The audit trail from `from` to `to` (days or UTC instants, inclusive), oldest first: every administrative change (`kind: change`: who, when, what, before and after) and the staff access log (`kind: access`: which officer read which dossier for which agency, and what), merged by time; `kind` asks for one of them',
  tags: ['admin'],
  auth: ADMIN,
  request: {
    query: z.strictObject({
      from: z.optional(instant),
      to: z.optional(instant),
      kind: z.optional(z.enum(['change', 'access'])),
      ...pageQueryFields,
    }),
  },
  responses: [{ status: 200, description: 'One page of the audit trail', schema: pageOf(auditItemSchema) }],
});
