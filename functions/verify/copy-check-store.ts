// Adapters of the copy checks: the check's record in the dossiers table (one item per check, expiring with its
// upload), the copy's bytes under their own upload prefix (which the bucket's lifecycle empties after a day), and the
// `copies` queue whose consumer runs the verifier.
import { GetObjectCommand, NoSuchKey, type S3Client } from '@aws-sdk/client-s3';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { CopyCheck, CopyCheckStatus } from './copy-check.js';

export interface CopyCheckStore {
  get(id: string): Promise<CopyCheck | null>;
  /** Records a new check; false when the id is taken. */
  create(check: CopyCheck): Promise<boolean>;
  /** Replaces the check only while it still has the status `from`; false when another request moved it first. */
  move(check: CopyCheck, from: CopyCheckStatus): Promise<boolean>;
  /**
   * Replaces a pending check only while its `queuedAt` is still `seen` (null: never queued): false when another
   * request queued it first, or it is no longer pending.
   */
  requeue(check: CopyCheck, seen: string | null): Promise<boolean>;
  /**
   * Points the copy's hash at this check (the last one recorded for the hash wins): how the same bytes sent again to
   * `/verify` find their check.
   */
  pointCopy(sha256: string, check: CopyCheck): Promise<void>;
  /** The check the copy's hash points at, or null. */
  forCopy(sha256: string): Promise<CopyCheck | null>;
}

const key = (id: string) => ({ pk: `COPYCHECK#${id}`, sk: '#' });
/** Read only with the copy's bytes at hand: it leads whoever sends the same bytes to the check, and no one else. */
const copyKey = (sha256: string) => ({ pk: `COPYCHECK-COPY#${sha256}`, sk: '#' });
const expiresAt = (check: CopyCheck) => Math.ceil(Date.parse(check.expiresAt) / 1000);

export function dynamoCopyCheckStore(client: DynamoDBDocumentClient, TableName: string): CopyCheckStore {
  const put = async (
    check: CopyCheck,
    condition: Omit<ConstructorParameters<typeof PutCommand>[0], 'TableName' | 'Item'>,
  ) => {
    try {
      await client.send(
        new PutCommand({
          TableName,
          Item: { ...key(check.id), check, expiresAt: expiresAt(check) },
          ...condition,
        }),
      );
      return true;
    } catch (error) {
      if (
        error instanceof ConditionalCheckFailedException ||
        (error as Error).name === 'ConditionalCheckFailedException'
      )
        return false;
      throw error;
    }
  };
  const get = async (id: string) => {
    const found = await client.send(new GetCommand({ TableName, Key: key(id), ConsistentRead: true }));
    return (found.Item?.check as CopyCheck | undefined) ?? null;
  };
  return {
    get,
    create: (check) => put(check, { ConditionExpression: 'attribute_not_exists(pk)' }),
    move: (check, from) =>
      put(check, {
        ConditionExpression: '#check.#status = :from',
        ExpressionAttributeNames: { '#check': 'check', '#status': 'status' },
        ExpressionAttributeValues: { ':from': from },
      }),
    requeue: (check, seen) =>
      put(check, {
        // A check recorded before it had the attribute counts as never queued.
        ConditionExpression:
          seen === null
            ? '#check.#status = :pending AND (attribute_not_exists(#check.#queuedAt) OR attribute_type(#check.#queuedAt, :null))'
            : '#check.#status = :pending AND #check.#queuedAt = :seen',
        ExpressionAttributeNames: { '#check': 'check', '#status': 'status', '#queuedAt': 'queuedAt' },
        ExpressionAttributeValues:
          seen === null
            ? { ':pending': 'pending', ':null': 'NULL' }
            : { ':pending': 'pending', ':seen': seen },
      }),
    async pointCopy(sha256, check) {
      await client.send(
        new PutCommand({
          TableName,
          Item: { ...copyKey(sha256), id: check.id, expiresAt: expiresAt(check) },
        }),
      );
    },
    async forCopy(sha256) {
      const pointer = await client.send(
        new GetCommand({ TableName, Key: copyKey(sha256), ConsistentRead: true }),
      );
      const id = pointer.Item?.id as string | undefined;
      return id ? get(id) : null;
    },
  };
}

/** The first bytes of an uploaded copy (its header), or null when nothing was uploaded under the key. */
export type CopyHeader = (key: string) => Promise<Buffer | null>;

export function s3CopyHeader(s3: S3Client, bucket: string): CopyHeader {
  return async (key) => {
    try {
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: 'bytes=0-1023' }));
      return object.Body ? Buffer.from(await object.Body.transformToByteArray()) : null;
    } catch (error) {
      if (error instanceof NoSuchKey || (error as Error).name === 'NoSuchKey') return null;
      throw error;
    }
  };
}

/** Hands a check to the verifier. A send that fails fails the request; asking for the check again re-sends it. */
export type ToCopyCheck = (id: string) => Promise<void>;

export function sqsCopyCheckQueue(sqs: SQSClient, queueUrl: () => string): ToCopyCheck {
  return async (id) => {
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl(), MessageBody: JSON.stringify({ id }) }));
  };
}
