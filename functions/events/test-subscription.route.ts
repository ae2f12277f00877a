// Route contract of testSubscription, in a module of its own so its handler bundles only its own schemas.
import * as z from 'zod/mini';
import { problem } from '../../shared/http/openapi-schemas.js';
import { defineRoute, noQuery } from '../../shared/http/route.js';
import { TEST_EVENT_TYPE } from '../../shared/events/model.js';
import { ADMIN } from '../admin/contract.js';
import { bySubscriptionId } from './contract.js';

export const testSubscriptionRoute = defineRoute({
  operationId: 'testSubscription',
  method: 'POST',
  path: '/admin/subscriptions/{id}/test',
  summary: `Send a \`${TEST_EVENT_TYPE}\` event to this subscription only, delivered and retried as any other (see its deliveries)`,
  tags: ['admin'],
  auth: ADMIN,
  request: { path: bySubscriptionId, query: noQuery },
  responses: [
    { status: 202, description: 'The test event, queued', schema: z.object({ eventId: z.string() }) },
    problem(404, 'No such subscription'),
  ],
});
