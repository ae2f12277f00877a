// Events queue consumer: fans a commit's outbox entry out to the subscriptions that want its events, then makes
// each attempt, records it, and schedules the next one (doubling backoff) until the receiver answers 2xx.
import { backoffSeconds, subscribed } from '../../shared/events/model.js';
import { dossierEvent, postEvent, type AttemptOutcome } from '../../shared/events/delivery.js';
import { MAX_DELAY_SECONDS, type DeliveryMessage, type EventsMessage } from '../../shared/events/messages.js';
import { checkedReceiver, type ReceiverPolicy } from '../../shared/events/receiver-address.js';
import type { OutboxStore, SubscriptionStore } from '../../shared/events/store.js';
import type { NationalMessageInput } from '../../shared/adapters/national-portal/queue.js';

export interface DeliverySettings {
  requestTimeoutMs: number;
  firstBackoffSeconds: number;
  maxBackoffSeconds: number;
  maxAttempts: number;
}

export interface DeliveryDeps {
  subscriptions: SubscriptionStore;
  outbox: OutboxStore;
  send: (message: DeliveryMessage, delaySeconds?: number) => Promise<void>;
  policy: ReceiverPolicy;
  settings: DeliverySettings;
  now: () => number;
  /** The built-in subscriber: the national portal sync, handed each entry's last position (functions/national). */
  toNational?: (message: NationalMessageInput) => Promise<void>;
}

/** The last attempt failed: SQS retries the message, then moves it to the DLQ (`npm run redrive -- events`). */
export class DeliveryExhaustedError extends Error {
  override name = 'DeliveryExhaustedError';
}

export function deliverySettingsFromEnv(env: NodeJS.ProcessEnv): DeliverySettings {
  const number = (name: string, fallback: number) => {
    const value = Number(env[name] ?? fallback);
    return Number.isFinite(value) && value > 0 ? value : fallback;
  };
  return {
    requestTimeoutMs: 5000,
    firstBackoffSeconds: number('EVENTS_FIRST_BACKOFF_SECONDS', 30),
    maxBackoffSeconds: number('EVENTS_MAX_BACKOFF_SECONDS', 24 * 3600),
    // 30 s doubling reaches the 24 h ceiling at the 13th wait; two more a day apart, then the DLQ.
    maxAttempts: number('EVENTS_MAX_ATTEMPTS', 15),
  };
}

export function handleEvents(deps: DeliveryDeps, message: EventsMessage, receiveCount: number) {
  return message.kind === 'outbox' ? fanOut(deps, message) : deliver(deps, message, receiveCount);
}

async function fanOut(deps: DeliveryDeps, message: Extract<EventsMessage, { kind: 'outbox' }>) {
  // The message carries the entry the commit wrote (entries never change): nothing is read back.
  const { entry } = message;
  if (entry.id !== message.outboxId || entry.dossierId !== message.dossierId) return 'skipped';
  const subscriptions = await deps.subscriptions.list();
  const sends = entry.events.flatMap((event) =>
    subscriptions
      .filter((subscription) => subscribed(subscription.eventTypes, event.type))
      .map((subscription) =>
        deps.send({
          kind: 'delivery',
          subscriptionId: subscription.id,
          event: dossierEvent(entry, event),
          attempt: 1,
        }),
      ),
  );
  await Promise.all(sends);
  if (deps.toNational) {
    const sequence = Math.max(...entry.events.map((event) => event.sequence));
    await deps.toNational({ kind: 'sync', dossierId: entry.dossierId, sequence });
  }
  // Fanned out twice (a sweep re-sent it meanwhile) only means a delivery already made is skipped.
  await deps.outbox.fannedOut(entry, message.since);
  return sends.length === 0 ? 'no-subscriber' : 'fanned-out';
}

async function deliver(deps: DeliveryDeps, message: DeliveryMessage, receiveCount: number) {
  const now = deps.now();
  if (message.notBefore && Date.parse(message.notBefore) > now) {
    await deps.send(message, (Date.parse(message.notBefore) - now) / 1000);
    return 'waiting';
  }
  const subscription = await deps.subscriptions.get(message.subscriptionId);
  if (!subscription) return 'skipped';
  const { event } = message;
  const recorded = { id: event.id, type: event.type, subject: event.subject, time: event.time };
  const last = message.attempt >= deps.settings.maxAttempts;
  // One copy of a message makes its attempt: a duplicate (a second fan-out, an SQS redelivery) finds it taken.
  const leaseMs = deps.settings.requestTimeoutMs * 3;
  if (!(await deps.subscriptions.claimAttempt(subscription.id, recorded, message.attempt, now, leaseMs))) {
    const delivery = await deps.subscriptions.getDelivery(subscription.id, event.time, event.id);
    if (delivery?.state === 'failed' && last) {
      // SQS retries of a last attempt recorded as failed go on to the DLQ without calling the receiver again.
      if (receiveCount > 1) throw new DeliveryExhaustedError('Delivery attempts exhausted');
      // Moved back from the DLQ (`npm run redrive -- events`): one more attempt, and the DLQ again if it fails.
      await deps.send({ ...message, attempt: delivery.attempts.length + 1 });
      return 'redriven';
    }
    return 'skipped';
  }
  const checked = await checkedReceiver(subscription.url, deps.policy);
  const outcome: AttemptOutcome = checked.refused
    ? { ok: false, error: checked.refused }
    : await postEvent(
        subscription.url,
        subscription.secret,
        event,
        new Date(now),
        deps.settings.requestTimeoutMs,
        checked.addresses,
      );
  const attempt = {
    at: new Date(now).toISOString(),
    ...(outcome.status !== undefined ? { status: outcome.status } : {}),
    ...(outcome.ok ? {} : { error: outcome.error }),
  };
  if (outcome.ok) {
    await deps.subscriptions.recordAttempt(subscription.id, recorded, attempt, 'delivered', null);
    return 'delivered';
  }
  if (last) {
    await deps.subscriptions.recordAttempt(subscription.id, recorded, attempt, 'failed', null);
    throw new DeliveryExhaustedError('Delivery attempts exhausted');
  }
  const wait = backoffSeconds(
    message.attempt,
    deps.settings.firstBackoffSeconds,
    deps.settings.maxBackoffSeconds,
  );
  const next = new Date(now + wait * 1000).toISOString();
  await deps.subscriptions.recordAttempt(subscription.id, recorded, attempt, 'pending', next);
  await deps.send(
    { ...message, attempt: message.attempt + 1, ...(wait > MAX_DELAY_SECONDS ? { notBefore: next } : {}) },
    wait,
  );
  return 'retry-scheduled';
}
