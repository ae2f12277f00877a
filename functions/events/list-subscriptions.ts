// GET /admin/subscriptions
import { httpHandler } from '../../shared/http/handler.js';
import { subscriptionStore } from '../../shared/events/dependencies.js';
import { listSubscriptionsRoute } from './list-subscriptions.route.js';
import { listSubscriptions } from './subscriptions.js';

const deps = { store: subscriptionStore() };

export const handler = httpHandler(listSubscriptionsRoute, async () => ({
  json: await listSubscriptions(deps),
}));
