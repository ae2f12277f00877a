// Messages of the `national` queue: bring a dossier's state at the portal up to a position of its history. The events
// fan-out sends one per outbox entry; the consumer re-sends one delayed to try again, and puts one the portal refused
// (or that ran out of attempts) in the queue's DLQ with the portal's answer, for an operator (`npm run redrive`).
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import * as z from 'zod/mini';

export const nationalMessage = z.object({
  kind: z.literal('sync'),
  dossierId: z.string().check(z.minLength(1)),
  /** The history position the portal must reach (the outbox entry's last event); older states are never sent. */
  sequence: z.int().check(z.nonnegative()),
  attempt: z._default(z.int().check(z.positive()), 1),
  /** Sends the current state even if the portal was sent this position already (reconciliation). */
  force: z.optional(z.boolean()),
  /** Why it is in the DLQ: the portal's answer, or the last transport error. Ignored when redriven. */
  refusal: z.optional(
    z.object({
      service: z.string(),
      at: z.string(),
      error_code: z.optional(z.string()),
      message: z.optional(z.string()),
      error: z.optional(z.string()),
    }),
  ),
});
export type NationalMessage = z.output<typeof nationalMessage>;
export type NationalMessageInput = z.input<typeof nationalMessage>;

/** SQS delays a message 15 minutes at most. */
export const MAX_DELAY_SECONDS = 900;

export function sqsNationalQueue(sqs: SQSClient, queueUrl: () => string) {
  return async (message: NationalMessageInput, delaySeconds = 0) => {
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl(),
        MessageBody: JSON.stringify(message),
        DelaySeconds: Math.min(Math.max(Math.ceil(delaySeconds), 0), MAX_DELAY_SECONDS),
      }),
    );
  };
}
