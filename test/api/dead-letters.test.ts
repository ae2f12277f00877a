// Dead letters: a poison message is parked in its DLQ, and a redrive brings the parked messages back. On a stack of
// its own: in the dossiers file's shared stack, the in-flight work of earlier tests (receipts being issued, their
// notifications) kept this one's notification from being parked within a minute, though it parks in seconds here.
import {
  ChangeMessageVisibilityBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { queueNames } from '../../infra/app-model.js';
import { redrive } from '../../shared/redrive.js';
import { call, useLocalStack } from '../support/local-stack.js';
import {
  eventually,
  outboxOf,
  quickApp,
  readyDossier,
  tokenFor,
  type DossierBody,
} from '../support/dossiers.js';

const local = useLocalStack({ app: quickApp });
const outboxFor = (code: string) => outboxOf(local.stack, code);

describe('dead letters', () => {
  it('parks a poison message in the DLQ, and redrive brings messages back', async () => {
    const sqs = local.stack.clients.sqs;
    const depth = async (queue: string) =>
      Number(
        (
          await sqs.send(
            new GetQueueAttributesCommand({
              QueueUrl: local.stack.resources.dlqUrls.get(queue)!,
              AttributeNames: ['ApproximateNumberOfMessages'],
            }),
          )
        ).Attributes?.ApproximateNumberOfMessages ?? 0,
      );
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: local.stack.resources.queueUrls.get('intake')!,
        MessageBody: 'not json',
      }),
    );
    // Two receives with visibility timeouts between them: slow on a loaded machine, so a longer wait.
    await eventually(async () => (await depth('intake')) === 1, 60_000);

    // Every channel down: the notification fails until it is parked in its DLQ.
    const token = await tokenFor(local.stack);
    const id = await readyDossier(local.stack, token);
    local.stack.devOutbox.failChannels(['zalo', 'sms', 'email']);
    const submitted = await call<DossierBody>(local.stack, `/dossiers/${id}/submit`, {
      method: 'POST',
      token,
    });
    // Notifications of earlier tests still in flight fail too while every channel is down: wait until ours is among
    // those parked. The DLQ is read in full (each message hidden while the rest is read, then shown again at once), so
    // ours is seen however many others are there, and every message stays for the redrive.
    const parked = async () => {
      const QueueUrl = local.stack.resources.dlqUrls.get('notification')!;
      const seen: { Id: string; ReceiptHandle: string }[] = [];
      let found = false;
      for (;;) {
        const { Messages = [] } = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 30 }),
        );
        if (Messages.length === 0) break;
        found ||= Messages.some((m) => m.Body?.includes(submitted.body.id));
        seen.push(...Messages.map((m, i) => ({ Id: `${seen.length + i}`, ReceiptHandle: m.ReceiptHandle! })));
      }
      for (let i = 0; i < seen.length; i += 10) {
        await sqs.send(
          new ChangeMessageVisibilityBatchCommand({
            QueueUrl,
            Entries: seen.slice(i, i + 10).map((m) => ({ ...m, VisibilityTimeout: 0 })),
          }),
        );
      }
      return found;
    };
    // Two failed receives, each after a visibility timeout: slow on a loaded machine, so a long wait.
    await eventually(parked, 150_000);
    expect(outboxFor(submitted.body.code!)).toEqual([]);

    local.stack.devOutbox.failChannels([]);
    const { moved } = await redrive(sqs, queueNames('mot-cua', 'local', 'notification'));
    expect(moved).toBeGreaterThanOrEqual(1);
    const delivered = await eventually(async () =>
      outboxFor(submitted.body.code!).length > 0 ? outboxFor(submitted.body.code!) : undefined,
    );
    expect(delivered.map((m) => m.channel)).toEqual(['zalo']);
    await eventually(async () => (await depth('notification')) === 0);
  }, 300_000);
});
