// POST /admin/subscriptions/{id}/test
import { httpHandler } from '../../shared/http/handler.js';
import { eventsQueue, receiverPolicy, subscriptionStore } from '../../shared/events/dependencies.js';
import { testSubscriptionRoute } from './test-subscription.route.js';
import { testSubscription } from './test-event.js';

const deps = {
  store: subscriptionStore(),
  policy: receiverPolicy(),
  send: eventsQueue(),
  now: () => Date.now(),
};

export const handler = httpHandler(testSubscriptionRoute, async ({ path }) => ({
  status: 202,
  json: await testSubscription(deps, path.id),
}));
