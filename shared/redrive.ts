// Moves the messages of a queue's DLQ back to the queue (SQS message move task), for `npm run redrive`.
import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListMessageMoveTasksCommand,
  StartMessageMoveTaskCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';

async function arnOf(sqs: SQSClient, queueName: string): Promise<string> {
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: queueName }));
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  return Attributes!.QueueArn!;
}

/** Starts moving every message of `dlqName` back to `queueName` and waits until the task ends. */
export async function redrive(sqs: SQSClient, names: { queue: string; dlq: string }, timeoutMs = 60_000) {
  const [sourceArn, destinationArn] = await Promise.all([arnOf(sqs, names.dlq), arnOf(sqs, names.queue)]);
  await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: sourceArn, DestinationArn: destinationArn }));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { Results } = await sqs.send(
      new ListMessageMoveTasksCommand({ SourceArn: sourceArn, MaxResults: 1 }),
    );
    const task = Results?.[0];
    if (task && task.Status !== 'RUNNING') {
      if (task.Status !== 'COMPLETED') throw new Error(`Redrive ${task.Status}: ${task.FailureReason ?? ''}`);
      return { moved: task.ApproximateNumberOfMessagesMoved ?? 0 };
    }
    if (Date.now() > deadline) throw new Error('Redrive did not finish in time');
    await new Promise((r) => setTimeout(r, 500));
  }
}
