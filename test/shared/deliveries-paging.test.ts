// A page of a subscription's deliveries is whole even when DynamoDB cuts a Query short at 1 MB read: a partition
// held as DynamoDB answers it, each answer stopped after two items with the key to go on from.
import type { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { dynamoSubscriptionStore } from '../../shared/events/store.js';

const PK = 'DELIVERIES#s-1';
const times = Array.from({ length: 7 }, (_, i) => `2026-12-02T01:0${i}:00.000Z`);
const items = times.map((time, i) => ({
  pk: PK,
  sk: `${time}#e-${i}`,
  eventId: `e-${i}`,
  type: 'vn.gov.motcua.dossier.submit',
  subject: `code-${i}`,
  time,
  state: 'delivered',
  attempts: [],
}));

/** Answers a Query newest first from ExclusiveStartKey, at most Limit items and never more than two at once. */
function cutShortClient() {
  const queries: { Limit?: number; start?: string }[] = [];
  const client = {
    send: async (command: QueryCommand) => {
      const input = command.input;
      const start = input.ExclusiveStartKey?.sk as string | undefined;
      queries.push({ Limit: input.Limit, start });
      const newestFirst = [...items].reverse();
      const from = start ? newestFirst.findIndex((item) => item.sk === start) + 1 : 0;
      const page = newestFirst.slice(from, from + Math.min(input.Limit ?? Infinity, 2));
      const more = from + page.length < newestFirst.length;
      return { Items: page, ...(more ? { LastEvaluatedKey: { pk: PK, sk: page.at(-1)!.sk } } : {}) };
    },
  } as unknown as DynamoDBDocumentClient;
  return { client, queries };
}

describe("a subscription's deliveries, page by page", () => {
  it('goes on where a Query was cut short until the page is full, and says where the next one starts', async () => {
    const { client, queries } = cutShortClient();
    const store = dynamoSubscriptionStore(client, 'subscriptions', () => 'audit');
    const first = await store.deliveries('s-1', { limit: 5 });
    expect(first.items.map((d) => d.eventId)).toEqual(['e-6', 'e-5', 'e-4', 'e-3', 'e-2']);
    expect(first.last).toBe(items[2]!.sk);
    // Asked for what was still missing each time, one more than the page to tell whether more follow.
    expect(queries.map((q) => q.Limit)).toEqual([6, 4, 2]);
    const rest = await store.deliveries('s-1', { limit: 5, after: first.last! });
    expect(rest.items.map((d) => d.eventId)).toEqual(['e-1', 'e-0']);
    expect(rest.last).toBeNull();
  });

  it('ends the list only where the partition ends', async () => {
    const { client } = cutShortClient();
    const store = dynamoSubscriptionStore(client, 'subscriptions', () => 'audit');
    const all = await store.deliveries('s-1', { limit: 7 });
    expect(all.items).toHaveLength(7);
    expect(all.last).toBeNull();
  });
});
