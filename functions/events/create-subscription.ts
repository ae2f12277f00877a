// POST /admin/subscriptions
import { httpHandler } from '../../shared/http/handler.js';
import { receiverPolicy, subscriptionStore } from '../../shared/events/dependencies.js';
import { createSubscriptionRoute } from './create-subscription.route.js';
import { createSubscription } from './subscriptions.js';

const deps = { store: subscriptionStore(), policy: receiverPolicy(), now: () => Date.now() };

export const handler = httpHandler(createSubscriptionRoute, async ({ body, caller }) => ({
  status: 201,
  json: await createSubscription(deps, caller!, body),
}));
