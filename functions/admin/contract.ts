// Schemas the administration routes share (role `admin`): agencies, procedures and the audit trail. Each route has
// its module beside its handler.
import * as z from 'zod/mini';
import { agencyFields, procedureSchema, unitIdentifier } from '../../shared/catalog/model.js';
import { UNIT_IDENTIFIER } from '../../shared/domain/dossier/dossier-code.js';
import { messageKey } from '../../shared/http/messages.js';
import { procedureCodeMessage, unitIdentifierMessage } from '../../shared/http/field-messages.js';
import { problem } from '../../shared/http/openapi-schemas.js';
import type { ResponseHeader } from '../../shared/http/route.js';

export const ADMIN = { roles: ['admin'] } as const;

export const byUnitCode = z.object({
  code: z.string().check(z.regex(UNIT_IDENTIFIER, messageKey(unitIdentifierMessage))),
});
export const byProcedureCode = z.object({
  code: z.string().check(z.regex(/^[0-9]\.[0-9]{6}$/, messageKey(procedureCodeMessage))),
});

/** What an operator sends to create or replace an agency: the catalog file's fields, `parent` for `parentCode`. */
export const agencyBodySchema = z.strictObject({ ...agencyFields, parent: z.optional(unitIdentifier) });
export type AgencyBody = z.infer<typeof agencyBodySchema>;

/** An agency as the administration sees it: inactive ones too, with the revision that guards a change. */
export const adminAgencySchema = z.object({
  code: z.string(),
  name: z.string(),
  level: z.enum(['province', 'department', 'commune']),
  parent: z.optional(z.string()),
  hotline: z.optional(z.string()),
  address: z.optional(z.string()),
  place: z.optional(z.string()),
  active: z.boolean(),
  mergedInto: z.optional(z.string()),
  revision: z.int(),
});

/** The ETag of an agency (`"r3"`) or a procedure version (`"v3"`): send it back as `If-Match` to change that one. */
export const etagHeader = (pattern: RegExp, what: string): Record<string, ResponseHeader> => ({
  etag: {
    description: `The ${what} this answer shows; send it back as \`If-Match\` so that a change made meanwhile is not overwritten`,
    required: true,
    schema: z.string().check(z.regex(pattern)),
  },
});
export const AGENCY_ETAG = etagHeader(/^"r[0-9]+"$/, 'agency revision');
export const PROCEDURE_ETAG = etagHeader(/^"v[0-9]+"$/, 'procedure version');

export const ifMatchHeaders = z.object({ 'if-match': z.optional(z.string()) });

export const STALE = problem(
  412,
  'The If-Match ETag is not the current one: another change came first; reload it',
);
export const CHANGED_MEANWHILE = problem(
  409,
  'Other changes kept coming first (nothing was written): read it again and retry',
);

export const auditEntrySchema = z.object({
  kind: z.literal('change'),
  id: z.string(),
  at: z.string(),
  actor: z.object({ subject: z.string(), name: z.optional(z.string()) }),
  action: z.string(),
  target: z.object({ kind: z.enum(['agency', 'procedure', 'calendar', 'subscription']), code: z.string() }),
  before: z.unknown(),
  after: z.unknown(),
});

/** A staff read in the access log: who (the officer's identity), for which agency, which dossier, what, when. */
export const accessEntrySchema = z.object({
  kind: z.literal('access'),
  at: z.string(),
  officer: z.object({ subject: z.string() }),
  agency: z.string(),
  /** The dossier read; its code is null while it has none (a draft). */
  dossier: z.object({ id: z.string(), code: z.nullable(z.string()) }),
  /**
   * `view`: the staff view (the applicant's data); `download-links`: the same, with download links to `documents`;
   * `ledger`: a row of the unit's tracking ledger (the applicant's name); `partner-download`: a partner (`officer`
   * names it, `partner:national-portal`) fetched `documents` through a partner file link.
   */
  what: z.string(),
  /** The documents (attachment and result ids) whose links were given. */
  documents: z.array(z.string()),
});

/** One entry of the audit trail: an administrative change or a staff read of a dossier, told apart by `kind`. */
export const auditItemSchema = z.discriminatedUnion('kind', [auditEntrySchema, accessEntrySchema]);

/** A procedure version as the administration sees it. */
export const adminProcedureSchema = z.object({
  code: z.string(),
  version: z.int(),
  withdrawnAt: z.nullable(z.string()),
  procedure: procedureSchema,
});

/** A re-organisation job as the administration follows it. */
export const reorganisationSchema = z.object({
  id: z.string(),
  status: z.enum(['running', 'done', 'failed']),
  from: z.array(z.string()),
  into: z.string(),
  effectiveAt: z.nullable(z.string()),
  /** Open dossiers now on the new unit. */
  moved: z.int(),
  /** Dossiers of the old units left as they were (closed ones: their history and statistics stay the old units'). */
  left: z.int(),
  proceduresChanged: z.int(),
  pagesDone: z.int(),
  failure: z.optional(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
