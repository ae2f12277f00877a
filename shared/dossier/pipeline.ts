// Hands dossiers to the next pipeline stage through SQS. A lost message is re-sent by the sweeper.
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { logger } from '../powertools.js';
import type { OutboxEntry } from '../events/model.js';
import type { PipelineStage } from './model.js';

export interface StageMessage {
  dossierId: string;
  stage: PipelineStage;
}

export interface NotificationMessage {
  dossierId: string;
  notificationId: string;
}

export interface FormMessage {
  dossierId: string;
  formId: string;
}

/** A commit's outbox entry, for the delivery consumer to fan out to the subscriptions. */
export interface OutboxMessage {
  kind: 'outbox';
  dossierId: string;
  outboxId: string;
  /** The entry itself, as the commit wrote it (entries never change): the consumer reads nothing back. */
  entry: OutboxEntry;
  /** Where its ledger entry waits, when a re-send moved it from where the commit put it (its first event's time). */
  since?: string;
}

export interface Pipeline {
  toStage(stage: PipelineStage, dossierId: string): Promise<void>;
  toNotification(dossierId: string, notificationId: string): Promise<void>;
  /** Hands a pending form to the documents queue, whose consumer renders and stores it. */
  toForm(dossierId: string, formId: string): Promise<void>;
  /** Hands a commit's outbound events to the events queue (a re-send says where its ledger entry waits now). */
  toEvents(dossierId: string, outboxId: string, entry: OutboxEntry, since?: string): Promise<void>;
}

type PipelineQueue = PipelineStage | 'notification' | 'documents' | 'events';

/**
 * Sends never fail the caller: the change is already committed with its pending stage, and the sweeper
 * re-sends for anything still waiting, so a failed send only delays the dossier.
 */
export function sqsPipeline(sqs: SQSClient, queueUrl: (queue: PipelineQueue) => string): Pipeline {
  const send = async (
    queue: PipelineQueue,
    body: StageMessage | NotificationMessage | FormMessage | OutboxMessage,
  ) => {
    try {
      await sqs.send(
        new SendMessageCommand({ QueueUrl: queueUrl(queue), MessageBody: JSON.stringify(body) }),
      );
    } catch (error) {
      logger.warn('Hand-off deferred to the sweeper', {
        queue,
        dossierId: body.dossierId,
        error: (error as Error).message,
      });
    }
  };
  return {
    toStage: (stage, dossierId) => send(stage, { dossierId, stage }),
    toNotification: (dossierId, notificationId) => send('notification', { dossierId, notificationId }),
    toForm: (dossierId, formId) => send('documents', { dossierId, formId }),
    toEvents: (dossierId, outboxId, entry, since) =>
      send('events', { kind: 'outbox', dossierId, outboxId, entry, ...(since ? { since } : {}) }),
  };
}
