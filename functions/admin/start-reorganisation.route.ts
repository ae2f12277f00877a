// Route contract of startReorganisation, in a module of its own so its handler bundles only its own schemas.
import * as z from 'zod/mini';
import { unitIdentifier } from '../../shared/catalog/model.js';
import { problem } from '../../shared/http/openapi-schemas.js';
import { defineRoute, noQuery } from '../../shared/http/route.js';
import { ADMIN, reorganisationSchema } from './contract.js';

export const startReorganisationRoute = defineRoute({
  operationId: 'startReorganisation',
  method: 'POST',
  path: '/admin/reorganisations',
  summary:
    'Merge units into one: every open dossier received by or at a `from` unit moves to `into` (with a history event), procedures naming them move, and they become inactive with `mergedInto`. Runs as a job in pages; the same merge asked again returns the same job (and resumes it)',
  tags: ['admin'],
  auth: ADMIN,
  request: {
    query: noQuery,
    body: z.strictObject({
      from: z.array(unitIdentifier).check(z.minLength(1), z.maxLength(50)),
      into: unitIdentifier,
      effectiveAt: z.optional(z.iso.datetime({ offset: true })),
    }),
    examples: {
      communes: {
        summary: 'Two communes merged into a third',
        value: { from: ['000.01.05.H56', '000.02.00.H56'], into: '000.01.00.H56' },
      },
    },
    maxBodyBytes: 8 * 1024,
  },
  responses: [
    { status: 202, description: 'The job, started', schema: reorganisationSchema },
    { status: 200, description: 'The same merge was asked before: its job', schema: reorganisationSchema },
    problem(422, 'A unit does not exist, or the unit merged into is not active'),
  ],
});
