// The public lookup's reads and counters in DynamoDB: a dossier's id by its code (the code's item), and windowed
// attempt counters (wrong verifiers per code, messages per sender) that expire by TTL. No Scan, no read-then-write.
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { codeKey, type ConditionalPut } from './repository.js';

/** A window of attempts: how many were counted, and when the window ends (epoch ms). */
export interface AttemptWindow {
  count: number;
  endsAt: number;
}

export type Consumed = { ok: true; window: AttemptWindow } | { ok: false; until: number };

export interface LookupRepository {
  /** The id of the dossier issued this code, or null. */
  idByCode(code: string): Promise<string | null>;
  /** The window counted under `key`, while it lasts (null once it has passed or when there is none). */
  attempts(key: string, now: number): Promise<AttemptWindow | null>;
  /**
   * Counts one attempt under `key`, in the window open at `now` or in a new one of `windowMs`, unless `max` are
   * counted already: then nothing is counted and the answer says until when the window holds.
   */
  consumeAttempt(key: string, now: number, windowMs: number, max: number): Promise<Consumed>;
  /** Links a Zalo user to the phone number Zalo says they shared with the Official Account (kept keyed). */
  linkZaloUser(userId: string, phoneKey: string, at: number): Promise<void>;
  /** The keyed phone number a Zalo user shared, or null. */
  zaloUserPhoneKey(userId: string): Promise<string | null>;
  /** Whether a provider's inbound message (by its id) was taken already: providers resend what they think lost. */
  inboundTaken(channel: string, messageId: string): Promise<boolean>;
  /** The record that a message was taken, for the transaction that records what taking it changed (new only). */
  inboundMarker(channel: string, messageId: string, at: number): ConditionalPut;
  /** Records that a message is taken; false when it was already. */
  takeInbound(channel: string, messageId: string, at: number): Promise<boolean>;
  /** Forgets a message taken by `takeInbound` whose answer could not go out, so that the provider's retry is answered. */
  forgetInbound(channel: string, messageId: string): Promise<void>;
}

const counterKey = (key: string) => ({ pk: `ATTEMPTS#${key}`, sk: '#' });
const zaloUserKey = (userId: string) => ({ pk: `ZALOUSER#${userId}`, sk: '#' });
const inboundKey = (channel: string, messageId: string) => ({
  pk: `INBOUND#${channel}#${messageId}`,
  sk: '#',
});
/** How long a message id is remembered: gateways resend for minutes or hours, never for days. */
const INBOUND_MEMORY_SECONDS = 3 * 86_400;

/** The record that a message was taken: new only, forgotten by TTL. */
const inboundMarker = (channel: string, messageId: string, at: number): ConditionalPut => ({
  item: {
    ...inboundKey(channel, messageId),
    takenAt: new Date(at).toISOString(),
    expiresAt: Math.ceil(at / 1000) + INBOUND_MEMORY_SECONDS,
  },
  condition: 'attribute_not_exists(pk)',
});

async function holds(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

export function dynamoLookupRepository(client: DynamoDBDocumentClient, TableName: string): LookupRepository {
  async function read(key: string, consistent: boolean): Promise<AttemptWindow | null> {
    const { Item } = await client.send(
      new GetCommand({ TableName, Key: counterKey(key), ConsistentRead: consistent }),
    );
    return Item ? { count: Number(Item.count), endsAt: Number(Item.endsAt) } : null;
  }

  return {
    async idByCode(code) {
      // Written in the submission's transaction, so a code answered to its applicant is always found.
      const { Item } = await client.send(
        new GetCommand({ TableName, Key: codeKey(code), ConsistentRead: true }),
      );
      return typeof Item?.dossierId === 'string' ? Item.dossierId : null;
    },

    async attempts(key, now) {
      const window = await read(key, true);
      return window && window.endsAt > now ? window : null;
    },

    async consumeAttempt(key, now, windowMs, max) {
      // Two conditional writes race-free between them: one more in the open window, or a new window over a passed one.
      // When neither holds, another request moved the counter meanwhile, or the window is full: read and decide.
      for (let attempt = 0; attempt < 5; attempt += 1) {
        let counted: AttemptWindow | null = null;
        try {
          const { Attributes } = await client.send(
            new UpdateCommand({
              TableName,
              Key: counterKey(key),
              UpdateExpression: 'SET #count = #count + :one',
              ConditionExpression: 'endsAt > :now AND #count < :max',
              ExpressionAttributeNames: { '#count': 'count' },
              ExpressionAttributeValues: { ':one': 1, ':now': now, ':max': max },
              ReturnValues: 'ALL_NEW',
            }),
          );
          counted = { count: Number(Attributes?.count), endsAt: Number(Attributes?.endsAt) };
        } catch (error) {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        }
        if (counted) return { ok: true, window: counted };
        const endsAt = now + windowMs;
        const opened = await holds(
          client.send(
            new PutCommand({
              TableName,
              Item: { ...counterKey(key), count: 1, endsAt, expiresAt: Math.ceil(endsAt / 1000) },
              ConditionExpression: 'attribute_not_exists(pk) OR endsAt <= :now',
              ExpressionAttributeValues: { ':now': now },
            }),
          ),
        );
        if (opened) return { ok: true, window: { count: 1, endsAt } };
        const current = await read(key, true);
        if (current && current.endsAt > now && current.count >= max)
          return { ok: false, until: current.endsAt };
      }
      // Still moving after every try: count it as refused rather than let an attempt through uncounted.
      return { ok: false, until: now + windowMs };
    },

    async linkZaloUser(userId, key, at) {
      // The latest number the user shared wins: a link says who holds the Zalo account now.
      await client.send(
        new PutCommand({
          TableName,
          Item: { ...zaloUserKey(userId), phoneKey: key, linkedAt: new Date(at).toISOString() },
        }),
      );
    },

    async inboundTaken(channel, messageId) {
      const { Item } = await client.send(
        new GetCommand({ TableName, Key: inboundKey(channel, messageId), ConsistentRead: true }),
      );
      return Item !== undefined;
    },

    inboundMarker,

    async takeInbound(channel, messageId, at) {
      const marker = inboundMarker(channel, messageId, at);
      return holds(
        client.send(new PutCommand({ TableName, Item: marker.item, ConditionExpression: marker.condition })),
      );
    },

    async forgetInbound(channel, messageId) {
      await client.send(new DeleteCommand({ TableName, Key: inboundKey(channel, messageId) }));
    },

    async zaloUserPhoneKey(userId) {
      const { Item } = await client.send(new GetCommand({ TableName, Key: zaloUserKey(userId) }));
      return typeof Item?.phoneKey === 'string' ? Item.phoneKey : null;
    },
  };
}
