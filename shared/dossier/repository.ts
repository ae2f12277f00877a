// Dossier storage in DynamoDB: the dossier, its hash-chained history, attachments and notifications under one
// partition, written together in transactions guarded by the dossier's version. Reads by key or index only.
import {
  BatchGetCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { queryAll } from '../aws/query-all.js';
import type { HistoryEvent } from '../domain/dossier/history.js';
import type { DossierSequencePort } from '../domain/dossier/dossier-code.js';
import type { AttachmentRecord, DossierRecord, NotificationRecord, PipelineStage } from './model.js';

export const DOSSIER_INDEX_BY_APPLICANT = 'byApplicant';
export const DOSSIER_INDEX_BY_STAGE = 'byStage';

const pk = (id: string) => `DOSSIER#${id}`;
const ROOT = '#';
const ATTACHMENT = 'ATTACHMENT#';
/** Sorts right after every `ATTACHMENT#…` key ('$' follows '#'), and before `EVENT#…`. */
const AFTER_ATTACHMENTS = 'ATTACHMENT$';

export type WaitingStage = PipelineStage | 'notify';

/** A dossier (or one of its notifications) waiting in a stage, since when, and how often it was re-sent. */
export interface Waiting {
  dossierId: string;
  notificationId?: string;
  since: string;
  resends: number;
}

export class VersionConflictError extends Error {
  override name = 'VersionConflictError';
}

export interface DossierRepository {
  create(dossier: DossierRecord, events: HistoryEvent[]): Promise<void>;
  get(id: string): Promise<DossierRecord | null>;
  /** The dossier and its attachments in one read (they sort next to each other in its partition). */
  getWithAttachments(id: string): Promise<{ dossier: DossierRecord; attachments: AttachmentRecord[] } | null>;
  /** The dossier and one of its notifications in one read. */
  getWithNotification(
    id: string,
    notificationId: string,
  ): Promise<{ dossier: DossierRecord | null; notification: NotificationRecord | null }>;
  listByApplicant(
    applicantId: string,
    limit: number,
    after?: { createdAt: string; id: string },
  ): Promise<{ items: DossierRecord[]; more: boolean }>;
  /** Writes the new dossier with its new history events and notifications, if nobody changed it since `expectedVersion`. */
  commit(
    dossier: DossierRecord,
    expectedVersion: number,
    events: HistoryEvent[],
    notifications?: NotificationRecord[],
  ): Promise<void>;
  history(id: string): Promise<HistoryEvent[]>;
  /** Records a new attachment awaiting its upload. */
  addAttachment(attachment: AttachmentRecord): Promise<void>;
  /** Records the verification of a pending attachment; false when it is no longer pending (verified or deleted meanwhile). */
  verifyAttachment(attachment: AttachmentRecord): Promise<boolean>;
  /** Deletes a pending attachment; false when it is no longer pending (verified or deleted meanwhile). */
  deletePendingAttachment(dossierId: string, id: string): Promise<boolean>;
  /**
   * Deletes a verified attachment and moves the dossier's version on, if nobody changed the dossier since
   * `expectedVersion`: a submission that read the dossier before then fails its version guard. False when it changed.
   */
  deleteVerifiedAttachment(dossierId: string, expectedVersion: number, id: string): Promise<boolean>;
  /** Marks a notification sent together with the history events that record it. */
  completeNotification(
    dossier: DossierRecord,
    expectedVersion: number,
    notification: NotificationRecord,
    events: HistoryEvent[],
  ): Promise<void>;
  /** Commits the events unless `marker` was already recorded for this dossier; false when it was (a duplicate). */
  recordOnce(
    dossier: DossierRecord,
    expectedVersion: number,
    marker: string,
    events: HistoryEvent[],
  ): Promise<boolean>;
  /** Dossiers waiting for a receiving officer of `unit`, oldest first, after the `after` position. */
  awaitingReception(
    unit: string,
    limit: number,
    after?: { since: string; id: string },
  ): Promise<{ items: DossierRecord[]; more: boolean }>;
}

/** What waits in the pipeline stages, for the sweeper (a port of its own: no other function carries it). */
export interface WaitingList {
  /** Dossiers waiting in a stage, and pending notifications, since before `before` (ISO time), oldest first. */
  waiting(stage: WaitingStage, before: string, limit: number): Promise<Waiting[]>;
  /** Puts a re-sent item back in line, waiting from `since`, unless it moved on meanwhile. */
  deferResend(stage: WaitingStage, item: Waiting, since: string): Promise<void>;
}

function dossierItem(dossier: DossierRecord) {
  return {
    pk: pk(dossier.id),
    sk: ROOT,
    ...dossier,
    applicantPk: `APPLICANT#${dossier.applicantId}`,
    applicantSk: `${dossier.createdAt}#${dossier.id}`,
    ...(dossier.pendingStage ? { stagePk: stageKey(dossier), stageSince: dossier.updatedAt } : {}),
  };
}

/** Reception is listed per receiving unit; pipeline stages are swept across units. */
const receptionKey = (unit: string) => `reception#${unit}`;
const stageKey = (dossier: DossierRecord) =>
  dossier.pendingStage === 'reception' ? receptionKey(dossier.receivingUnit) : dossier.pendingStage;

function fromItem(item: Record<string, unknown>): DossierRecord {
  const {
    pk: _pk,
    sk: _sk,
    applicantPk: _ap,
    applicantSk: _as,
    stagePk: _sp,
    stageSince: _ss,
    resends: _rs,
    ...dossier
  } = item;
  return dossier as unknown as DossierRecord;
}

function eventItem(dossierId: string, event: HistoryEvent) {
  return { pk: pk(dossierId), sk: `EVENT#${String(event.seq).padStart(6, '0')}`, event };
}

function attachmentItem(attachment: AttachmentRecord) {
  return { pk: pk(attachment.dossierId), sk: `${ATTACHMENT}${attachment.id}`, attachment };
}

/** The condition of a write that acts on an attachment only while its upload is not verified yet. */
const WHILE_PENDING = {
  ConditionExpression: 'attachment.#status = :pending',
  ExpressionAttributeNames: { '#status': 'status' },
  ExpressionAttributeValues: { ':pending': 'pending' },
};

/** Runs a conditional write: false when its condition did not hold. */
async function conditionally(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

function notificationItem(notification: NotificationRecord) {
  return {
    pk: pk(notification.dossierId),
    sk: `NOTIFY#${notification.id}`,
    notification,
    ...(notification.status === 'pending' ? { stagePk: 'notify', stageSince: notification.createdAt } : {}),
  };
}

export function dynamoDossierRepository(
  client: DynamoDBDocumentClient,
  tableName: string,
): DossierRepository {
  const TableName = tableName;
  async function transact(items: NonNullable<TransactWriteCommandInput['TransactItems']>) {
    try {
      await client.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      if (error instanceof TransactionCanceledException)
        throw new VersionConflictError('The dossier changed meanwhile');
      throw error;
    }
  }
  /** One page of dossiers from an index partition, with whether more follow (one extra item is read to know). */
  async function indexPage(
    IndexName: string,
    partition: { name: string; value: string },
    limit: number,
    after: { sortName: string; sortValue: string; id: string } | undefined,
    ascending: boolean,
  ): Promise<{ items: DossierRecord[]; more: boolean }> {
    const result = await client.send(
      new QueryCommand({
        TableName,
        IndexName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': partition.name },
        ExpressionAttributeValues: { ':pk': partition.value },
        ScanIndexForward: ascending,
        Limit: limit + 1,
        ExclusiveStartKey: after
          ? {
              [partition.name]: partition.value,
              [after.sortName]: after.sortValue,
              pk: pk(after.id),
              sk: ROOT,
            }
          : undefined,
      }),
    );
    const items = (result.Items ?? []).map(fromItem);
    return { items: items.slice(0, limit), more: items.length > limit };
  }
  const versionGuard = (dossier: DossierRecord, expectedVersion: number) => ({
    Put: {
      TableName,
      Item: dossierItem(dossier),
      ConditionExpression: '#v = :expected',
      ExpressionAttributeNames: { '#v': 'version' },
      ExpressionAttributeValues: { ':expected': expectedVersion },
    },
  });
  const newOnly = (Item: Record<string, unknown>) => ({
    Put: { TableName, Item, ConditionExpression: 'attribute_not_exists(pk)' },
  });

  return {
    async create(dossier, events) {
      await transact([
        newOnly(dossierItem(dossier)),
        ...events.map((event) => newOnly(eventItem(dossier.id, event))),
      ]);
    },

    async get(id) {
      const result = await client.send(
        new GetCommand({
          TableName,
          Key: { pk: pk(id), sk: ROOT },
          ConsistentRead: true,
        }),
      );
      return result.Item ? fromItem(result.Item) : null;
    },

    async getWithAttachments(id) {
      const items = await queryAll(client, {
        TableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :root AND :end',
        ExpressionAttributeValues: { ':pk': pk(id), ':root': ROOT, ':end': AFTER_ATTACHMENTS },
        ConsistentRead: true,
      });
      const root = items.find((item) => item.sk === ROOT);
      if (!root) return null;
      return {
        dossier: fromItem(root),
        attachments: items
          .filter((item) => String(item.sk).startsWith(ATTACHMENT))
          .map((item) => item.attachment as AttachmentRecord),
      };
    },

    async getWithNotification(id, notificationId) {
      let keys: Record<string, unknown>[] | undefined = [
        { pk: pk(id), sk: ROOT },
        { pk: pk(id), sk: `NOTIFY#${notificationId}` },
      ];
      const found: { dossier: DossierRecord | null; notification: NotificationRecord | null } = {
        dossier: null,
        notification: null,
      };
      while (keys && keys.length > 0) {
        const result: BatchGetCommandOutput = await client.send(
          new BatchGetCommand({ RequestItems: { [TableName]: { Keys: keys, ConsistentRead: true } } }),
        );
        for (const item of result.Responses?.[TableName] ?? []) {
          if (item.sk === ROOT) found.dossier = fromItem(item);
          else found.notification = item.notification as NotificationRecord;
        }
        keys = result.UnprocessedKeys?.[TableName]?.Keys;
      }
      return found;
    },

    async listByApplicant(applicantId, limit, after) {
      return indexPage(
        DOSSIER_INDEX_BY_APPLICANT,
        { name: 'applicantPk', value: `APPLICANT#${applicantId}` },
        limit,
        after && { sortName: 'applicantSk', sortValue: `${after.createdAt}#${after.id}`, id: after.id },
        false,
      );
    },

    async commit(dossier, expectedVersion, events, notifications = []) {
      await transact([
        versionGuard(dossier, expectedVersion),
        ...events.map((event) => newOnly(eventItem(dossier.id, event))),
        ...notifications.map((notification) => newOnly(notificationItem(notification))),
      ]);
    },

    async history(id) {
      const items = await queryAll(client, {
        TableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk(id), ':prefix': 'EVENT#' },
        ConsistentRead: true,
      });
      return items.map((item) => item.event as HistoryEvent);
    },

    async addAttachment(attachment) {
      await client.send(new PutCommand(newOnly(attachmentItem(attachment)).Put));
    },

    async verifyAttachment(attachment) {
      return conditionally(() =>
        client.send(
          new PutCommand({
            TableName,
            Item: attachmentItem(attachment),
            ...WHILE_PENDING,
          }),
        ),
      );
    },

    async deletePendingAttachment(dossierId, id) {
      return conditionally(() =>
        client.send(
          new DeleteCommand({
            TableName,
            Key: { pk: pk(dossierId), sk: `${ATTACHMENT}${id}` },
            ...WHILE_PENDING,
          }),
        ),
      );
    },

    async deleteVerifiedAttachment(dossierId, expectedVersion, id) {
      try {
        await transact([
          {
            Update: {
              TableName,
              Key: { pk: pk(dossierId), sk: ROOT },
              UpdateExpression: 'SET #v = :next',
              ConditionExpression: '#v = :expected',
              ExpressionAttributeNames: { '#v': 'version' },
              ExpressionAttributeValues: { ':expected': expectedVersion, ':next': expectedVersion + 1 },
            },
          },
          {
            Delete: {
              TableName,
              Key: { pk: pk(dossierId), sk: `${ATTACHMENT}${id}` },
              ConditionExpression: 'attribute_exists(pk)',
            },
          },
        ]);
        return true;
      } catch (error) {
        if (error instanceof VersionConflictError) return false;
        throw error;
      }
    },

    async completeNotification(dossier, expectedVersion, notification, events) {
      await transact([
        versionGuard(dossier, expectedVersion),
        ...events.map((event) => newOnly(eventItem(dossier.id, event))),
        {
          Put: {
            TableName,
            Item: notificationItem(notification),
            ConditionExpression: 'attribute_exists(pk)',
          },
        },
      ]);
    },

    async recordOnce(dossier, expectedVersion, marker, events) {
      const existing = await client.send(
        new GetCommand({ TableName, Key: { pk: pk(dossier.id), sk: marker }, ConsistentRead: true }),
      );
      if (existing.Item) return false;
      await transact([
        versionGuard(dossier, expectedVersion),
        ...events.map((event) => newOnly(eventItem(dossier.id, event))),
        newOnly({ pk: pk(dossier.id), sk: marker, at: dossier.updatedAt }),
      ]);
      return true;
    },

    async awaitingReception(unit, limit, after) {
      return indexPage(
        DOSSIER_INDEX_BY_STAGE,
        { name: 'stagePk', value: receptionKey(unit) },
        limit,
        after && { sortName: 'stageSince', sortValue: after.since, id: after.id },
        true,
      );
    },
  };
}

export function dynamoWaitingList(client: DynamoDBDocumentClient, tableName: string): WaitingList {
  const TableName = tableName;
  return {
    async waiting(stage, before, limit) {
      const result = await client.send(
        new QueryCommand({
          TableName,
          IndexName: DOSSIER_INDEX_BY_STAGE,
          KeyConditionExpression: 'stagePk = :stage AND stageSince < :before',
          ExpressionAttributeValues: { ':stage': stage, ':before': before },
          Limit: limit,
        }),
      );
      return (result.Items ?? []).map((item) => ({
        dossierId: String(item.pk).slice('DOSSIER#'.length),
        ...(item.notification ? { notificationId: (item.notification as NotificationRecord).id } : {}),
        since: String(item.stageSince),
        resends: Number(item.resends ?? 0),
      }));
    },

    async deferResend(stage, item, since) {
      await conditionally(() =>
        client.send(
          new UpdateCommand({
            TableName,
            Key: {
              pk: pk(item.dossierId),
              sk: item.notificationId ? `NOTIFY#${item.notificationId}` : ROOT,
            },
            UpdateExpression: 'SET stageSince = :since, resends = :resends',
            ConditionExpression: 'stagePk = :stage AND stageSince = :seen',
            ExpressionAttributeValues: {
              ':since': since,
              ':resends': item.resends + 1,
              ':stage': stage,
              ':seen': item.since,
            },
          }),
        ),
      );
    },
  };
}

/** The per-unit, per-day dossier-code counter: one atomic ADD per code. */
export function dynamoSequence(client: DynamoDBDocumentClient, tableName: string): DossierSequencePort {
  return {
    async next(unit, date) {
      const result = await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { pk: `SEQ#${unit}#${date}`, sk: ROOT },
          UpdateExpression: 'ADD #n :one',
          ExpressionAttributeNames: { '#n': 'value' },
          ExpressionAttributeValues: { ':one': 1 },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return Number(result.Attributes?.value);
    },
  };
}
