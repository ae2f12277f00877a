// The catalog: agencies (cơ quan) and administrative procedures (thủ tục hành chính), validated once with zod.
import * as z from 'zod/mini';
import { UNIT_IDENTIFIER } from '../domain/dossier/dossier-code.js';
import { messageKey } from '../http/messages.js';
import {
  activeAgencyMessage,
  routingDaysSumMessage,
  uniqueDocumentTypesMessage,
  uniqueStepIdsMessage,
  unitIdentifierMessage,
} from '../http/field-messages.js';
import { ACCEPTED_CONTENT_TYPES } from './content-types.js';

export const acceptedContentType = z.enum(ACCEPTED_CONTENT_TYPES);

export const unitIdentifier = z.string().check(z.regex(UNIT_IDENTIFIER, messageKey(unitIdentifierMessage)));

const nonEmpty = z.string().check(z.minLength(1));
const slug = z.string().check(z.regex(/^[a-z0-9-]+$/));
const positiveInt = z.int().check(z.positive());

const trimmed = (min: number, max: number) => z.string().check(z.trim(), z.minLength(min), z.maxLength(max));

/** An agency's own fields, held to the same limits in data/catalog.json and in PUT /admin/agencies/{code}. */
export const agencyFields = {
  name: trimmed(1, 300),
  level: z.enum(['province', 'department', 'commune']),
  hotline: z.optional(trimmed(0, 30)),
  address: z.optional(trimmed(0, 500)),
  /** The place name its documents are dated at (địa danh): "Tây Ninh, ngày … tháng … năm …". */
  place: z.optional(trimmed(0, 100)),
};

export const agencySchema = z.object({
  code: unitIdentifier,
  ...agencyFields,
  parentCode: z.optional(unitIdentifier),
  /** False once an operator closed or merged it (kept for history: its dossiers and statistics name it). */
  active: z.optional(z.boolean()),
  /** The unit it was merged into by a re-organisation. */
  mergedInto: z.optional(unitIdentifier),
});
export type Agency = z.infer<typeof agencySchema>;

export const serviceLevelSchema = z.object({
  /** Decree 42/2022: fully online (toàn trình) or partly online (một phần). */
  onlineService: z.enum(['toan-trinh', 'mot-phan']),
  /** The older level 2/3/4 scale still quoted by portals. */
  legacyLevel: z.union([z.literal(2), z.literal(3), z.literal(4)]),
});

export const requiredDocumentSchema = z.object({
  type: slug,
  name: nonEmpty,
  mandatory: z.boolean(),
  acceptedContentTypes: z.array(acceptedContentType).check(z.minLength(1)),
  maxSizeBytes: z.int().check(z.positive(), z.maximum(50 * 1024 * 1024)),
});

export const routingStepSchema = z.object({
  id: slug,
  name: nonEmpty,
  agencyCode: unitIdentifier,
  workingDays: positiveInt,
});

const procedureShape = {
  code: z.string().check(z.regex(/^[0-9]\.[0-9]{6}$/)),
  name: nonEmpty,
  field: nonEmpty,
  agencyCode: unitIdentifier,
  /** Unit identifier that prefixes this procedure's dossier codes. */
  receivingUnit: unitIdentifier,
  serviceLevel: serviceLevelSchema,
  processingDays: positiveInt,
  fee: z.object({ amountVnd: z.int().check(z.nonnegative()), note: z.optional(z.string()) }),
  requiredDocuments: z.array(requiredDocumentSchema).check(z.minLength(1)),
  routingSteps: z.array(routingStepSchema).check(z.minLength(1)),
  supplementPolicy: z.enum(['restart', 'pause']),
  autoAccept: z.boolean(),
  result: nonEmpty,
  /** `required`: every result must be a PDF whose signatures are all valid (issue 17); `optional` (unset): recorded only. */
  resultSignature: z.optional(z.enum(['required', 'optional'])),
  legalBasis: z._default(z.array(z.string()), []),
};

/** What a procedure must hold as a whole, beyond each field: checked for the catalog file and the admin routes alike. */
const procedureRules = z.superRefine((procedure: z.infer<z.ZodMiniObject<typeof procedureShape>>, ctx) => {
  const total = procedure.routingSteps.reduce((sum, step) => sum + step.workingDays, 0);
  if (total !== procedure.processingDays) {
    ctx.addIssue({ code: 'custom', path: ['routingSteps'], message: messageKey(routingDaysSumMessage) });
  }
  const repeated = (values: string[]) => values.findIndex((value, i) => values.indexOf(value) !== i);
  const documentType = repeated(procedure.requiredDocuments.map((d) => d.type));
  if (documentType >= 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['requiredDocuments', documentType, 'type'],
      message: messageKey(uniqueDocumentTypesMessage),
    });
  }
  const stepId = repeated(procedure.routingSteps.map((s) => s.id));
  if (stepId >= 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['routingSteps', stepId, 'id'],
      message: messageKey(uniqueStepIdsMessage),
    });
  }
});

export const procedureSchema = z.object(procedureShape).check(procedureRules);
/** A procedure an operator sends: the same rules, and a field the catalog does not know is refused, not dropped. */
export const procedureBodySchema = z.strictObject(procedureShape).check(procedureRules);
export type Procedure = z.infer<typeof procedureSchema>;

/** A procedure as stored: each change an operator makes is a new version; dossiers keep the one they were submitted under. */
export type StoredProcedure = Procedure & { version: number };

/** Every agency a procedure names, with where it names it (the paths of the procedure's own fields). */
export function agencyReferences(procedure: Procedure): { path: (string | number)[]; code: string }[] {
  return [
    { path: ['agencyCode'], code: procedure.agencyCode },
    { path: ['receivingUnit'], code: procedure.receivingUnit },
    ...procedure.routingSteps.map((step, i) => ({
      path: ['routingSteps', i, 'agencyCode'],
      code: step.agencyCode,
    })),
  ];
}

/** The references to agencies that do not exist or are no longer active: a procedure may name only active ones. */
export function unusableAgencies(procedure: Procedure, agencies: Map<string, Agency>) {
  return agencyReferences(procedure).filter(({ code }) => {
    const agency = agencies.get(code);
    return !agency || agency.active === false;
  });
}

export const catalogSchema = z
  .object({
    agencies: z.array(agencySchema).check(z.minLength(1)),
    procedures: z.array(procedureSchema).check(z.minLength(1)),
  })
  .check(
    z.superRefine((catalog, ctx) => {
      const agencies = new Map(catalog.agencies.map((a) => [a.code, a]));
      // As the admin routes ask of a parent: another agency, existing and active.
      catalog.agencies.forEach((agency, index) => {
        if (agency.parentCode === undefined) return;
        const parent = agencies.get(agency.parentCode);
        if (agency.parentCode === agency.code || !parent || parent.active === false) {
          ctx.addIssue({
            code: 'custom',
            path: ['agencies', index, 'parentCode'],
            message: messageKey(activeAgencyMessage),
          });
        }
      });
      catalog.procedures.forEach((procedure, index) => {
        for (const { path } of unusableAgencies(procedure, agencies)) {
          ctx.addIssue({
            code: 'custom',
            path: ['procedures', index, ...path],
            message: messageKey(activeAgencyMessage),
          });
        }
      });
    }),
  );
export type Catalog = z.infer<typeof catalogSchema>;
