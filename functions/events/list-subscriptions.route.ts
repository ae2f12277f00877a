// Route contract of listSubscriptions, in a module of its own so its handler bundles only its own schemas.
import * as z from 'zod/mini';
import { defineRoute, noQuery } from '../../shared/http/route.js';
import { ADMIN } from '../admin/contract.js';
import { subscriptionSchema } from './contract.js';

export const listSubscriptionsRoute = defineRoute({
  operationId: 'listSubscriptions',
  method: 'GET',
  path: '/admin/subscriptions',
  summary: 'Every subscription to dossier events, oldest first (their secrets are never shown again)',
  tags: ['admin'],
  auth: ADMIN,
  request: { query: noQuery },
  responses: [
    {
      status: 200,
      description: 'The subscriptions',
      schema: z.object({ items: z.array(subscriptionSchema) }),
    },
  ],
});
