// DynamoDB adapter of the outbound events: subscriptions and their deliveries (table `subscriptions`, which only the
// subscription routes and the delivery consumer may read: it holds the signing secrets), and the dossiers' outbox.
import {
  DeleteCommand,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { queryAll } from '../aws/query-all.js';
import type { AuditEntry } from '../catalog/repository.js';
import type { OutboxEntry } from './model.js';
import { ledgerKey, outboxSince } from '../dossier/pending-work.js';

export interface Subscription {
  id: string;
  url: string;
  eventTypes: string[];
  description: string;
  createdAt: string;
  /** The `whsec_` signing secret: read by the delivery consumer only, never answered after creation. */
  secret: string;
}

export interface DeliveryAttempt {
  at: string;
  /** The receiver's HTTP status, when it answered. */
  status?: number;
  error?: string;
}

export interface Delivery {
  eventId: string;
  type: string;
  subject: string;
  time: string;
  state: 'pending' | 'delivered' | 'failed';
  attempts: DeliveryAttempt[];
  nextAttemptAt: string | null;
}

export interface SubscriptionStore {
  create(subscription: Subscription, audit: AuditEntry): Promise<void>;
  list(): Promise<Subscription[]>;
  get(id: string): Promise<Subscription | null>;
  /** False when there was no such subscription. */
  remove(id: string, audit: AuditEntry): Promise<boolean>;
  /**
   * A page of the subscription's deliveries, newest first: up to `limit` after the one whose position is `after`,
   * and the position of the last one answered when more follow.
   */
  deliveries(
    subscriptionId: string,
    page: { limit: number; after?: string },
  ): Promise<{ items: Delivery[]; last: string | null }>;
  getDelivery(subscriptionId: string, time: string, eventId: string): Promise<Delivery | null>;
  /**
   * Takes attempt `attempt` of an event for `leaseMs`: false when it is delivered, when that attempt was already made,
   * or while another copy of the message holds it (a copy that crashed loses its lease, so nothing waits forever).
   */
  claimAttempt(
    subscriptionId: string,
    event: { id: string; type: string; subject: string; time: string },
    attempt: number,
    now: number,
    leaseMs: number,
  ): Promise<boolean>;
  /** Appends an attempt, sets the state and releases the claim; a delivered one stays delivered. */
  recordAttempt(
    subscriptionId: string,
    event: { id: string; type: string; subject: string; time: string },
    attempt: DeliveryAttempt,
    state: Delivery['state'],
    nextAttemptAt: string | null,
  ): Promise<void>;
}

const SUBSCRIPTIONS = 'SUBSCRIPTION';
const deliveriesKey = (subscriptionId: string) => `DELIVERIES#${subscriptionId}`;
const deliverySk = (time: string, eventId: string) => `${time}#${eventId}`;
const deliveryOf = (item: Record<string, unknown>): Delivery => ({
  eventId: String(item.eventId),
  type: String(item.type),
  subject: String(item.subject),
  time: String(item.time),
  state: item.state as Delivery['state'],
  attempts: (item.attempts as DeliveryAttempt[] | undefined) ?? [],
  nextAttemptAt: (item.nextAttemptAt as string | null | undefined) ?? null,
});

export function dynamoSubscriptionStore(
  client: DynamoDBDocumentClient,
  tableName: string,
  auditTable: () => string,
): SubscriptionStore {
  const TableName = tableName;
  const auditPut = (audit: AuditEntry) => ({
    Put: {
      TableName: auditTable(),
      Item: { pk: 'AUDIT', sk: `${audit.at}#${audit.id}`, ...audit },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  });
  return {
    async create(subscription, audit) {
      await client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName,
                Item: { pk: SUBSCRIPTIONS, sk: subscription.id, subscription },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            auditPut(audit),
          ],
        }),
      );
    },
    async list() {
      const items = await queryAll(client, {
        TableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': SUBSCRIPTIONS },
      });
      return items.map((item) => item.subscription as Subscription);
    },
    async get(id) {
      const result = await client.send(
        new GetCommand({ TableName, Key: { pk: SUBSCRIPTIONS, sk: id }, ConsistentRead: true }),
      );
      return (result.Item?.subscription as Subscription | undefined) ?? null;
    },
    async remove(id, audit) {
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Delete: {
                  TableName,
                  Key: { pk: SUBSCRIPTIONS, sk: id },
                  ConditionExpression: 'attribute_exists(pk)',
                },
              },
              auditPut(audit),
            ],
          }),
        );
        return true;
      } catch (error) {
        if ((error as Error).name === 'TransactionCanceledException') return false;
        throw error;
      }
    },
    async deliveries(subscriptionId, { limit, after }) {
      // One more than asked tells whether a next page exists, so the last page is never an empty one. A Query stops
      // at 1 MB read too: it goes on from where DynamoDB stopped until it has them, or the partition ends.
      const found: Record<string, unknown>[] = [];
      let start: Record<string, unknown> | undefined = after
        ? { pk: deliveriesKey(subscriptionId), sk: after }
        : undefined;
      do {
        const result = await client.send(
          new QueryCommand({
            TableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': deliveriesKey(subscriptionId) },
            ScanIndexForward: false,
            Limit: limit + 1 - found.length,
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        found.push(...(result.Items ?? []));
        start = result.LastEvaluatedKey;
      } while (start && found.length <= limit);
      const items = found.slice(0, limit);
      const more = found.length > limit;
      return { items: items.map(deliveryOf), last: more ? String(items.at(-1)!.sk) : null };
    },
    async getDelivery(subscriptionId, time, eventId) {
      const result = await client.send(
        new GetCommand({
          TableName,
          Key: { pk: deliveriesKey(subscriptionId), sk: deliverySk(time, eventId) },
          ConsistentRead: true,
        }),
      );
      return result.Item ? deliveryOf(result.Item) : null;
    },
    async claimAttempt(subscriptionId, event, attempt, now, leaseMs) {
      try {
        await client.send(
          new UpdateCommand({
            TableName,
            Key: { pk: deliveriesKey(subscriptionId), sk: deliverySk(event.time, event.id) },
            UpdateExpression:
              'SET eventId = :id, #type = :type, subject = :subject, #time = :time, ' +
              '#state = if_not_exists(#state, :pending), attempts = if_not_exists(attempts, :none), ' +
              'claimedUntil = :until',
            ConditionExpression:
              '(attribute_not_exists(#state) OR (#state <> :delivered AND size(attempts) = :made)) AND ' +
              '(attribute_not_exists(claimedUntil) OR claimedUntil < :now)',
            ExpressionAttributeNames: { '#state': 'state', '#type': 'type', '#time': 'time' },
            ExpressionAttributeValues: {
              ':id': event.id,
              ':type': event.type,
              ':subject': event.subject,
              ':time': event.time,
              ':pending': 'pending',
              ':none': [],
              ':until': now + leaseMs,
              ':delivered': 'delivered',
              ':made': attempt - 1,
              ':now': now,
            },
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },
    async recordAttempt(subscriptionId, event, attempt, state, nextAttemptAt) {
      try {
        await client.send(
          new UpdateCommand({
            TableName,
            Key: { pk: deliveriesKey(subscriptionId), sk: deliverySk(event.time, event.id) },
            // The first attempt creates the record, later ones append to it; nothing changes a delivered one.
            UpdateExpression:
              'SET eventId = :id, #type = :type, subject = :subject, #time = :time, #state = :state, ' +
              'nextAttemptAt = :next, attempts = list_append(if_not_exists(attempts, :none), :attempt) ' +
              'REMOVE claimedUntil',
            ConditionExpression: 'attribute_not_exists(#state) OR #state <> :delivered',
            ExpressionAttributeNames: { '#state': 'state', '#type': 'type', '#time': 'time' },
            ExpressionAttributeValues: {
              ':id': event.id,
              ':type': event.type,
              ':subject': event.subject,
              ':time': event.time,
              ':none': [],
              ':attempt': [attempt],
              ':state': state,
              ':next': nextAttemptAt,
              ':delivered': 'delivered',
            },
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    },
  };
}

/** The dossiers' outbox entries, each held by its pending-work ledger entry until it is fanned out. */
export interface OutboxStore {
  /** Ends the entry's pending work: deletes its ledger entry, where the commit put it or a re-send moved it. */
  fannedOut(entry: OutboxEntry, since?: string): Promise<void>;
}

export function dynamoOutboxStore(client: DynamoDBDocumentClient, tableName: string): OutboxStore {
  return {
    async fannedOut(entry, since = outboxSince(entry)) {
      await client.send(
        new DeleteCommand({
          TableName: tableName,
          Key: ledgerKey('outbox', entry.dossierId, entry.id, since),
        }),
      );
    },
  };
}
