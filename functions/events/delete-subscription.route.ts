// Route contract of deleteSubscription, in a module of its own so its handler bundles only its own schemas.
import { problem } from '../../shared/http/openapi-schemas.js';
import { defineRoute, noQuery } from '../../shared/http/route.js';
import { ADMIN } from '../admin/contract.js';
import { bySubscriptionId } from './contract.js';

export const deleteSubscriptionRoute = defineRoute({
  operationId: 'deleteSubscription',
  method: 'DELETE',
  path: '/admin/subscriptions/{id}',
  summary: 'Remove a subscription: no event is sent to it any more (attempts already queued are dropped)',
  tags: ['admin'],
  auth: ADMIN,
  request: { path: bySubscriptionId, query: noQuery },
  responses: [{ status: 204, description: 'Removed' }, problem(404, 'No such subscription')],
});
