// Route contract of getDueDate, in a module of its own so its handler bundles only its own schemas.
import * as z from 'zod/mini';
import { messageKey } from '../../shared/http/messages.js';
import { procedureCodeMessage } from '../../shared/http/field-messages.js';
import { problemResponses } from '../../shared/http/openapi-schemas.js';
import { defineRoute } from '../../shared/http/route.js';
import { dayEntry } from './contract.js';

export const dueDateRoute = defineRoute({
  operationId: 'getDueDate',
  method: 'GET',
  path: '/calendar/due-date',
  summary: 'The due date of a dossier of a procedure accepted at a given time',
  tags: ['calendar'],
  auth: 'public',
  request: {
    query: z.strictObject({
      procedure: z.string().check(z.regex(/^[0-9]\.[0-9]{6}$/, messageKey(procedureCodeMessage))),
      acceptedAt: z.iso.datetime({ offset: true }),
    }),
  },
  responses: [
    {
      status: 200,
      description: 'The due date and the working days counted',
      schema: z.object({
        procedure: z.object({ code: z.string(), name: z.string() }),
        acceptedAt: z.string(),
        workingDays: z.number(),
        countingStartsOn: z.string(),
        dueAt: z.string(),
        dueDate: z.string(),
        daysOffSkipped: z.array(dayEntry),
        steps: z.array(
          z.object({ id: z.string(), name: z.string(), workingDays: z.number(), dueAt: z.string() }),
        ),
      }),
    },
    ...problemResponses(404),
  ],
});
