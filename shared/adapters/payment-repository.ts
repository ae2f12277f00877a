// Online fee payments in DynamoDB, in the dossiers table: one item per payment under its reference (MaThamChieu), one
// per platform transaction (MaGiaoDich) so each is recorded once, and pending payments in an index by creation time.
// Every state change is a Put conditioned on the state it leaves; a payment's success commits with its dossier.
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { ConditionalPut } from '../dossier/repository.js';

export const PAYMENT_INDEX_PENDING = 'byPendingPayment';

export type PaymentStatus = 'pending' | 'paid' | 'failed' | 'amount-mismatch';

export interface PaymentRecord {
  id: string;
  /** MaThamChieu: `<dossier code>-<8 characters>`, unique. */
  reference: string;
  dossierId: string;
  applicantId: string;
  amountVnd: number;
  status: PaymentStatus;
  createdAt: string;
  /** The platform's transaction that settled it (MaGiaoDich). */
  transactionId?: string;
  settledAt?: string;
  /** What the platform reported when it is not what was asked (kept for reconciliation). */
  receivedAmountVnd?: number;
  failureCode?: string;
  /** Paid, but the dossier no longer awaited this fee (another payment, or an officer, settled it): to refund. */
  dossierNotAwaiting?: boolean;
}

/** The answer recorded for a platform transaction, so a replayed callback gets the same one. */
export interface TransactionRecord {
  transactionId: string;
  reference: string;
  outcome: string;
  at: string;
}

export class PaymentChangedError extends Error {
  override name = 'PaymentChangedError';
}

const paymentKey = (reference: string) => ({ pk: `PAYMENT#${reference}`, sk: '#' });
const transactionKey = (id: string) => ({ pk: `PAYTXN#${id}`, sk: '#' });

/** A pending payment sorts in the index by `pendingSince`: its creation, or when the QUERY last found it unsettled. */
function paymentItem(payment: PaymentRecord, pendingSince = payment.createdAt) {
  return {
    ...paymentKey(payment.reference),
    payment,
    ...(payment.status === 'pending' ? { pendingPayment: 'pending', pendingSince } : {}),
  };
}

export interface PaymentRepository {
  /** Records a new payment; false when its reference is taken. */
  create(payment: PaymentRecord): Promise<boolean>;
  get(reference: string): Promise<PaymentRecord | null>;
  transaction(id: string): Promise<TransactionRecord | null>;
  /**
   * The writes settling a pending payment with a transaction, for a dossier's commit (all or nothing with it); they
   * fail (WriteConditionError) when the payment is no longer pending or the transaction was recorded.
   */
  settlementWrites(payment: PaymentRecord, transaction: TransactionRecord): ConditionalPut[];
  /** Settles a pending payment without touching its dossier; PaymentChangedError when another write got there first. */
  settle(payment: PaymentRecord, transaction: TransactionRecord): Promise<void>;
  /** Records a transaction of a payment that was no longer pending; false when it was recorded already. */
  recordTransaction(transaction: TransactionRecord): Promise<boolean>;
  /** Pending payments created (or last asked about) before `before` (ISO), oldest first. */
  pendingBefore(before: string, limit: number): Promise<PaymentRecord[]>;
  /**
   * Puts a pending payment the platform has no outcome for at the back of the line, as if it started `at`, so the
   * payments nobody finished never hold back the others; false when it was settled meanwhile.
   */
  askLater(payment: PaymentRecord, at: string): Promise<boolean>;
}

export function dynamoPaymentRepository(
  client: DynamoDBDocumentClient,
  TableName: string,
): PaymentRepository {
  const writes = (payment: PaymentRecord, transaction: TransactionRecord): ConditionalPut[] => [
    {
      item: paymentItem(payment),
      condition: 'payment.#status = :pending',
      names: { '#status': 'status' },
      values: { ':pending': 'pending' },
    },
    {
      item: { ...transactionKey(transaction.transactionId), transaction },
      condition: 'attribute_not_exists(pk)',
    },
  ];
  return {
    async create(payment) {
      try {
        await client.send(
          new PutCommand({
            TableName,
            Item: paymentItem(payment),
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },
    async get(reference) {
      const result = await client.send(
        new GetCommand({ TableName, Key: paymentKey(reference), ConsistentRead: true }),
      );
      return (result.Item?.payment as PaymentRecord | undefined) ?? null;
    },
    async transaction(id) {
      const result = await client.send(
        new GetCommand({ TableName, Key: transactionKey(id), ConsistentRead: true }),
      );
      return (result.Item?.transaction as TransactionRecord | undefined) ?? null;
    },
    settlementWrites: writes,
    async settle(payment, transaction) {
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: writes(payment, transaction).map((w) => ({
              Put: {
                TableName,
                Item: w.item,
                ConditionExpression: w.condition,
                ...(w.names ? { ExpressionAttributeNames: w.names } : {}),
                ...(w.values ? { ExpressionAttributeValues: w.values } : {}),
              },
            })),
          }),
        );
      } catch (error) {
        if (error instanceof TransactionCanceledException)
          throw new PaymentChangedError('The payment changed meanwhile');
        throw error;
      }
    },
    async recordTransaction(transaction) {
      try {
        await client.send(
          new PutCommand({
            TableName,
            Item: { ...transactionKey(transaction.transactionId), transaction },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },
    async askLater(payment, at) {
      try {
        await client.send(
          new PutCommand({
            TableName,
            Item: paymentItem(payment, at),
            ConditionExpression: 'payment.#status = :pending',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':pending': 'pending' },
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },
    async pendingBefore(before, limit) {
      const result = await client.send(
        new QueryCommand({
          TableName,
          IndexName: PAYMENT_INDEX_PENDING,
          KeyConditionExpression: 'pendingPayment = :pending AND pendingSince < :before',
          ExpressionAttributeValues: { ':pending': 'pending', ':before': before },
          Limit: limit,
        }),
      );
      return (result.Items ?? []).map((item) => item.payment as PaymentRecord);
    },
  };
}
