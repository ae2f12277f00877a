// Route contract of listSubscriptionDeliveries, in a module of its own so its handler bundles only its own schemas.
import * as z from 'zod/mini';
import { problem } from '../../shared/http/openapi-schemas.js';
import { defineRoute, noQuery } from '../../shared/http/route.js';
import { ADMIN } from '../admin/contract.js';
import { bySubscriptionId, deliverySchema } from './contract.js';

export const listSubscriptionDeliveriesRoute = defineRoute({
  operationId: 'listSubscriptionDeliveries',
  method: 'GET',
  path: '/admin/subscriptions/{id}/deliveries',
  summary:
    "The subscription's latest 100 events, newest first: each with its attempts, the last status and the next attempt",
  tags: ['admin'],
  auth: ADMIN,
  request: { path: bySubscriptionId, query: noQuery },
  responses: [
    { status: 200, description: 'The deliveries', schema: z.object({ items: z.array(deliverySchema) }) },
    problem(404, 'No such subscription'),
  ],
});
