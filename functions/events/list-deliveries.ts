// GET /admin/subscriptions/{id}/deliveries
import { httpHandler } from '../../shared/http/handler.js';
import { subscriptionStore } from '../../shared/events/dependencies.js';
import { listSubscriptionDeliveriesRoute } from './list-deliveries.route.js';
import { listDeliveries } from './subscriptions.js';

const deps = { store: subscriptionStore() };

export const handler = httpHandler(listSubscriptionDeliveriesRoute, async ({ path, query }) => ({
  json: await listDeliveries(deps, path.id, query),
}));
