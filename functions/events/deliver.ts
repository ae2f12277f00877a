// Events stage (SQS): fans commits' outbox entries out to the subscriptions and delivers each event, signed.
import { queueHandler } from '../../shared/queue-consumer.js';
import { eventsMessage } from '../../shared/events/messages.js';
import {
  eventsQueue,
  outboxStore,
  receiverPolicy,
  subscriptionStore,
} from '../../shared/events/dependencies.js';
import { deliverySettingsFromEnv, handleEvents, type DeliveryDeps } from './delivery.js';
import { nationalQueue } from '../../shared/adapters/national-portal/dependencies.js';

const toNational = nationalQueue();

const deps: DeliveryDeps = {
  subscriptions: subscriptionStore(),
  outbox: outboxStore(),
  send: eventsQueue(),
  policy: receiverPolicy(),
  settings: deliverySettingsFromEnv(process.env),
  now: () => Date.now(),
  toNational: (message) => toNational(message),
};

export const handler = queueHandler(eventsMessage, (message, record) =>
  handleEvents(deps, message, Number(record.attributes.ApproximateReceiveCount)),
);
