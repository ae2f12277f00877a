// DELETE /admin/subscriptions/{id}
import { httpHandler } from '../../shared/http/handler.js';
import { receiverPolicy, subscriptionStore } from '../../shared/events/dependencies.js';
import { deleteSubscriptionRoute } from './delete-subscription.route.js';
import { deleteSubscription } from './subscriptions.js';

const deps = { store: subscriptionStore(), policy: receiverPolicy(), now: () => Date.now() };

export const handler = httpHandler(deleteSubscriptionRoute, async ({ path, caller }) => {
  await deleteSubscription(deps, caller!, path.id);
  return { status: 204, json: null };
});
