// Schemas shared by the statistics routes: the period asked for and the published figures of a group.
import * as z from 'zod/mini';
import { isValidLocalDate } from '../../shared/domain/calendar/local-date.js';
import { UNIT_IDENTIFIER } from '../../shared/domain/dossier/dossier-code.js';
import { messageKey } from '../../shared/http/messages.js';
import { localDateField } from '../../shared/http/local-date-field.js';
import {
  dateRangeMessage,
  procedureCodeMessage,
  unitIdentifierMessage,
} from '../../shared/http/field-messages.js';

/** Open dossiers are counted at each request, and one URL answers three formats: nothing is stored. */
export const STATISTICS_CACHE_CONTROL = 'no-store';

/** The longest period one request reads: a year, leap day included. */
export const MAX_RANGE_DAYS = 366;

export const localDate = localDateField;

const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;

/** `from` and `to` (both included), local days; `to` not before `from` and at most a year after it. */
export const periodFields = { from: z.optional(localDate), to: z.optional(localDate) };

export const periodCheck = z.superRefine((query: { from?: string; to?: string }, ctx) => {
  if (!query.from || !query.to || !isValidLocalDate(query.from) || !isValidLocalDate(query.to)) return;
  const days = dayNumber(query.to) - dayNumber(query.from) + 1;
  if (days < 1 || days > MAX_RANGE_DAYS)
    ctx.addIssue({ code: 'custom', path: ['to'], message: messageKey(dateRangeMessage), input: query.to });
});

export const GROUP_BY = ['agency', 'procedure', 'month'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

export const onTimeQuery = z
  .strictObject({
    ...periodFields,
    agency: z.optional(z.string().check(z.regex(UNIT_IDENTIFIER, messageKey(unitIdentifierMessage)))),
    procedure: z.optional(z.string().check(z.regex(/^[0-9]\.[0-9]{6}$/, messageKey(procedureCodeMessage)))),
    groupBy: z._default(z.enum(GROUP_BY), 'agency'),
  })
  .check(periodCheck);
export type OnTimeQuery = z.output<typeof onTimeQuery>;

const count = z.int().check(z.minimum(0));
export const figuresSchema = z.object({
  received: count,
  receivedOnline: count,
  refused: count,
  withdrawn: count,
  resolvedEarly: count,
  resolvedOnTime: count,
  resolvedLate: count,
  released: count,
  openInTime: count,
  openOverdue: count,
  ratingCount: count,
  /** Mean score (1–5), null before the first rating. */
  ratingAverage: z.nullable(z.number()),
  /** (resolved early + resolved on time) ÷ resolved, null when nothing was resolved. */
  onTimeRate: z.nullable(z.number().check(z.minimum(0), z.maximum(1))),
});

export const onTimeReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  groupBy: z.enum(GROUP_BY),
  /** When open dossiers were counted (in time / overdue at this instant). */
  asOf: z.string(),
  total: figuresSchema,
  groups: z.array(
    z.extend(figuresSchema, {
      /** The agency's unit identifier, the procedure code, or the month (yyyy-mm). */
      key: z.string(),
      name: z.string(),
    }),
  ),
});
export type OnTimeReport = z.output<typeof onTimeReportSchema>;
