// Use case of POST /admin/subscriptions/{id}/test. Its event is written out field by field rather than built with the
// CloudEvents library, which only the delivery consumer carries (it validates every event it sends): a request-path
// function without the library and its bignumber.js is 57 KiB smaller.
import { randomUUID } from 'node:crypto';
import { EVENT_SOURCE, TEST_EVENT_TYPE } from '../../shared/events/model.js';
import type { EventEnvelope } from '../../shared/events/delivery.js';
import type { DeliveryMessage } from '../../shared/events/messages.js';
import { subscriptionNotFound, type SubscriptionDeps } from './subscriptions.js';

/** The test event for one subscription, a CloudEvent 1.0 (held equal to the library's by a test). */
export function testEvent(subscriptionId: string, id: string, now: number): EventEnvelope {
  return {
    specversion: '1.0',
    id,
    source: EVENT_SOURCE,
    type: TEST_EVENT_TYPE,
    subject: subscriptionId,
    time: new Date(now).toISOString(),
    datacontenttype: 'application/json',
    data: { subscriptionId },
  };
}

/** Queues a test event for this subscription only, delivered (and retried) as any other. */
export async function testSubscription(
  deps: SubscriptionDeps & { send: (message: DeliveryMessage) => Promise<void> },
  id: string,
) {
  const subscription = await deps.store.get(id);
  if (!subscription) throw subscriptionNotFound();
  const event = testEvent(subscription.id, randomUUID(), deps.now());
  await deps.send({ kind: 'delivery', subscriptionId: id, event, attempt: 1 });
  return { eventId: event.id };
}
