// Route contract of listSubscriptionDeliveries, in a module of its own so its handler bundles only its own schemas.
import * as z from 'zod/mini';
import { problem } from '../../shared/http/openapi-schemas.js';
import { pageOf, pageQueryFields } from '../../shared/http/page.js';
import { defineRoute } from '../../shared/http/route.js';
import { ADMIN } from '../admin/contract.js';
import { bySubscriptionId, deliverySchema } from './contract.js';

export const listSubscriptionDeliveriesRoute = defineRoute({
  operationId: 'listSubscriptionDeliveries',
  method: 'GET',
  path: '/admin/subscriptions/{id}/deliveries',
  summary:
    "The subscription's events, newest first, a page at a time (`pageSize`, `cursor`): each with its attempts, the last status and the next attempt",
  tags: ['admin'],
  auth: ADMIN,
  request: { path: bySubscriptionId, query: z.strictObject(pageQueryFields) },
  responses: [
    { status: 200, description: 'One page of the deliveries', schema: pageOf(deliverySchema) },
    problem(404, 'No such subscription'),
  ],
});
