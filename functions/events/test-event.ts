// Use case of POST /admin/subscriptions/{id}/test, apart from the other subscription routes: only it builds a
// CloudEvent, so only its function carries the CloudEvents library.
import { randomUUID } from 'node:crypto';
import { TEST_EVENT_TYPE } from '../../shared/events/model.js';
import { cloudEvent } from '../../shared/events/cloud-event.js';
import type { DeliveryMessage } from '../../shared/events/messages.js';
import { subscriptionNotFound, type SubscriptionDeps } from './subscriptions.js';

/** Queues a test event for this subscription only, delivered (and retried) as any other. */
export async function testSubscription(
  deps: SubscriptionDeps & { send: (message: DeliveryMessage) => Promise<void> },
  id: string,
) {
  const subscription = await deps.store.get(id);
  if (!subscription) throw subscriptionNotFound();
  const event = cloudEvent({
    id: randomUUID(),
    type: TEST_EVENT_TYPE,
    subject: subscription.id,
    time: new Date(deps.now()).toISOString(),
    data: { subscriptionId: subscription.id },
  });
  await deps.send({ kind: 'delivery', subscriptionId: id, event, attempt: 1 });
  return { eventId: event.id };
}
