// Long-polls each queue and invokes its consumer with real SQS records, deleting only the records the consumer
// did not report in batchItemFailures, so retries, visibility timeouts and DLQ redrive behave as in AWS.
import { setMaxListeners } from 'node:events';
import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type Message,
  type MessageAttributeValue,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSMessageAttributes, SQSRecord } from 'aws-lambda';
import type { AppDefinition } from '../infra/app-model.js';
import { queueConsumers } from '../infra/app-model.js';
import type { Invoker } from './invoke.js';
import { LOCAL_REGION } from './emulators.js';

export function toSqsRecord(message: Message, eventSourceARN: string): SQSRecord {
  const attributes = message.Attributes ?? {};
  const messageAttributes: SQSMessageAttributes = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {}) as [
    string,
    MessageAttributeValue,
  ][]) {
    messageAttributes[name] = {
      dataType: value.DataType ?? 'String',
      ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}),
      ...(value.BinaryValue !== undefined
        ? { binaryValue: Buffer.from(value.BinaryValue).toString('base64') }
        : {}),
      stringListValues: [],
      binaryListValues: [],
    };
  }
  return {
    messageId: message.MessageId!,
    receiptHandle: message.ReceiptHandle!,
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
      SenderId: attributes.SenderId ?? 'local',
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      ...(attributes.MessageGroupId ? { MessageGroupId: attributes.MessageGroupId } : {}),
      ...(attributes.MessageDeduplicationId
        ? { MessageDeduplicationId: attributes.MessageDeduplicationId }
        : {}),
    },
    messageAttributes,
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN,
    awsRegion: LOCAL_REGION,
  };
}

export const POLLERS_PER_QUEUE = 3;
const LONG_POLL_SECONDS = 20;

export interface QueuePollers {
  stop(): Promise<void>;
}

export function startQueuePollers(
  app: AppDefinition,
  sqs: SQSClient,
  queues: { urls: Map<string, string>; arns: Map<string, string> },
  invoke: Invoker,
  log: (line: string) => void,
): QueuePollers {
  const controller = new AbortController();
  // Like Lambda's SQS event source, several pollers per queue; each invocation gets an environment of its own.
  const pollers = queueConsumers(app).flatMap((consumer) =>
    Array.from({ length: POLLERS_PER_QUEUE }, () => consumer),
  );
  // Every poller's long poll listens on the one signal that stops them all.
  setMaxListeners(pollers.length + 1, controller.signal);
  const loops = pollers.map(async ({ name, fn, trigger }) => {
    const url = queues.urls.get(trigger.queue)!;
    const arn = queues.arns.get(trigger.queue)!;
    while (!controller.signal.aborted) {
      let messages: Message[] = [];
      const receive = (max: number, waitSeconds: number) =>
        sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: url,
            MaxNumberOfMessages: max,
            WaitTimeSeconds: waitSeconds,
            MessageSystemAttributeNames: ['All'],
            // local-aws-sqs reads only the older parameter name; AWS accepts both.
            AttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
          { abortSignal: controller.signal },
        );
      try {
        // SQS answers a long poll as soon as a message is there; local-aws-sqs holds it until the batch is
        // full. So: long-poll for one message, then collect what else arrives within the batching window, as
        // Lambda's poller does (the emulator adds 40 ms to a zero window).
        messages = (await receive(1, LONG_POLL_SECONDS)).Messages ?? [];
        const batchSize = Math.min(trigger.batchSize, 10);
        if (messages.length > 0 && batchSize > 1) {
          messages.push(...((await receive(batchSize - 1, trigger.maxBatchingWindowSeconds)).Messages ?? []));
        }
      } catch (error) {
        if (controller.signal.aborted) break;
        log(`[${name}] receive failed: ${(error as Error).message}`);
        await new Promise((r) => setTimeout(r, 500));
        continue;
      }
      if (messages.length === 0) continue;
      const event: SQSEvent = { Records: messages.map((m) => toSqsRecord(m, arn)) };
      let failed: Set<string>;
      try {
        const response = (await invoke(name, fn, event)) as SQSBatchResponse | undefined;
        failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
      } catch (error) {
        // A thrown error fails the whole batch: every message becomes visible again after its timeout.
        log(`[${name}] batch failed: ${(error as Error).message}`);
        continue;
      }
      const done = messages.filter((m) => !failed.has(m.MessageId!));
      if (done.length > 0) {
        await sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: url,
            Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
          }),
        );
      }
    }
  });
  return {
    async stop() {
      controller.abort();
      await Promise.allSettled(loops);
    },
  };
}
