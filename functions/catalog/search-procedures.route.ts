// Route contract of searchProcedures, in a module of its own so its handler bundles only its own schemas.
import * as z from 'zod/mini';
import { messageKey } from '../../shared/http/messages.js';
import { unitIdentifierMessage } from '../../shared/http/field-messages.js';
import { UNIT_IDENTIFIER } from '../../shared/domain/dossier/dossier-code.js';
import { foldVietnamese } from '../../shared/catalog/fold.js';
import { defineRoute } from '../../shared/http/route.js';
import { pageOf, pageQueryFields } from '../../shared/http/page.js';
import { SERVICE_LEVELS, procedureSummarySchema } from './contract.js';

export const searchProceduresRoute = defineRoute({
  operationId: 'searchProcedures',
  method: 'GET',
  path: '/procedures',
  summary: 'Search administrative procedures (thủ tục hành chính), ignoring diacritics and case',
  tags: ['catalog'],
  auth: 'public',
  request: {
    query: z.strictObject({
      q: z.optional(
        z.pipe(
          z.string().check(z.maxLength(200)),
          z.transform((q) => foldVietnamese(q)),
        ),
      ),
      agency: z.optional(z.string().check(z.regex(UNIT_IDENTIFIER, messageKey(unitIdentifierMessage)))),
      serviceLevel: z.optional(z.enum(SERVICE_LEVELS)),
      ...pageQueryFields,
    }),
  },
  responses: [
    {
      status: 200,
      description: 'One page of matching procedures, in code order',
      schema: pageOf(procedureSummarySchema),
    },
  ],
});
