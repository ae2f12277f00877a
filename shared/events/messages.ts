// Messages of the events queue: a commit's outbox entry to fan out, and one attempt of one event to one subscription.
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import * as z from 'zod/mini';
import type { EventEnvelope } from './delivery.js';
import type { OutboxEntry } from './model.js';

const outboxMessage = z.object({
  kind: z.literal('outbox'),
  dossierId: z.string(),
  outboxId: z.string(),
  /** The entry itself: the commit's hand-off sends it, the sweeper's re-send the copy its ledger entry holds. */
  entry: z.custom<OutboxEntry>(
    (value) =>
      typeof value === 'object' &&
      value !== null &&
      typeof (value as { id?: unknown }).id === 'string' &&
      typeof (value as { dossierId?: unknown }).dossierId === 'string' &&
      Array.isArray((value as { events?: unknown }).events) &&
      (value as { events: unknown[] }).events.length > 0 &&
      (value as { events: unknown[] }).events.every(
        (event) =>
          typeof event === 'object' &&
          event !== null &&
          typeof (event as { id?: unknown }).id === 'string' &&
          typeof (event as { time?: unknown }).time === 'string' &&
          typeof (event as { sequence?: unknown }).sequence === 'number',
      ),
  ),
  /** Where the entry's ledger entry waits after a re-send moved it (else: its first event's time). */
  since: z.optional(z.string()),
});

const deliveryMessage = z.object({
  kind: z.literal('delivery'),
  subscriptionId: z.string(),
  event: z.custom<EventEnvelope>(
    (value) =>
      typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string',
  ),
  attempt: z.int().check(z.positive()),
  /** ISO time before which the attempt must not be made (a wait longer than SQS's 15-minute delay). */
  notBefore: z.optional(z.string()),
});
export type DeliveryMessage = z.infer<typeof deliveryMessage>;

export const eventsMessage = z.discriminatedUnion('kind', [outboxMessage, deliveryMessage]);
export type EventsMessage = z.infer<typeof eventsMessage>;

/** SQS delays a message 15 minutes at most: a longer wait is made of several hops. */
export const MAX_DELAY_SECONDS = 900;

export function sqsEventsQueue(sqs: SQSClient, queueUrl: string) {
  return async (message: DeliveryMessage, delaySeconds = 0) => {
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: JSON.stringify(message),
        DelaySeconds: Math.min(Math.max(Math.ceil(delaySeconds), 0), MAX_DELAY_SECONDS),
      }),
    );
  };
}
