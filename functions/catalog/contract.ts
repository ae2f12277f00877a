// Schemas the catalog routes share; each route has its module beside its handler.
import * as z from 'zod/mini';

export const SERVICE_LEVELS = ['toan-trinh', 'mot-phan', '2', '3', '4'] as const;

/** An agency as a procedure names it. */
export const agencyRef = z.object({ code: z.string(), name: z.string() });

export const procedureSummarySchema = z.object({
  code: z.string(),
  name: z.string(),
  field: z.string(),
  agency: agencyRef,
  serviceLevel: z.object({
    onlineService: z.string(),
    legacyLevel: z.number(),
    labels: z.object({ vi: z.string(), en: z.string() }),
  }),
  processingDays: z.number(),
  fee: z.object({ amountVnd: z.number(), note: z.optional(z.string()) }),
});
