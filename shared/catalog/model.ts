// The catalog: agencies (cơ quan) and administrative procedures (thủ tục hành chính), validated once with zod.
import * as z from 'zod/mini';
import { UNIT_IDENTIFIER } from '../domain/dossier/dossier-code.js';
import { ACCEPTED_CONTENT_TYPES } from './content-types.js';

export const acceptedContentType = z.enum(ACCEPTED_CONTENT_TYPES);

export const unitIdentifier = z
  .string()
  .check(z.regex(UNIT_IDENTIFIER, 'Mã đơn vị gồm chữ in hoa, số và dấu chấm'));

const nonEmpty = z.string().check(z.minLength(1));
const slug = z.string().check(z.regex(/^[a-z0-9-]+$/));
const positiveInt = z.int().check(z.positive());

export const agencySchema = z.object({
  code: unitIdentifier,
  name: nonEmpty,
  level: z.enum(['province', 'department', 'commune']),
  parentCode: z.optional(unitIdentifier),
  address: z.optional(z.string()),
  /** The place name its documents are dated at (địa danh): "Tây Ninh, ngày … tháng … năm …". */
  place: z.optional(z.string()),
  hotline: z.optional(z.string()),
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

export const procedureSchema = z
  .object({
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
    legalBasis: z._default(z.array(z.string()), []),
  })
  .check(
    z.superRefine((procedure, ctx) => {
      const total = procedure.routingSteps.reduce((sum, step) => sum + step.workingDays, 0);
      if (total !== procedure.processingDays) {
        ctx.addIssue({
          code: 'custom',
          path: ['routingSteps'],
          message: `Routing steps add up to ${total} working days, the procedure has ${procedure.processingDays}`,
        });
      }
    }),
  );
export type Procedure = z.infer<typeof procedureSchema>;

export const catalogSchema = z
  .object({
    agencies: z.array(agencySchema).check(z.minLength(1)),
    procedures: z.array(procedureSchema).check(z.minLength(1)),
  })
  .check(
    z.superRefine((catalog, ctx) => {
      const agencies = new Set(catalog.agencies.map((a) => a.code));
      catalog.procedures.forEach((procedure, index) => {
        const referenced = [
          procedure.agencyCode,
          procedure.receivingUnit,
          ...procedure.routingSteps.map((s) => s.agencyCode),
        ];
        for (const code of referenced) {
          if (!agencies.has(code)) {
            ctx.addIssue({ code: 'custom', path: ['procedures', index], message: `Unknown agency ${code}` });
          }
        }
      });
    }),
  );
export type Catalog = z.infer<typeof catalogSchema>;
