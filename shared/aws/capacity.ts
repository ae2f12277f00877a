// Counts the DynamoDB capacity units this process consumes: a client middleware asks every call for
// ReturnConsumedCapacity and adds up the answer, for benchmarks (and, in AWS, for cost awareness).
import type { ConsumedCapacity, DynamoDBClient } from '@aws-sdk/client-dynamodb';

const totals = { read: 0, write: 0, calls: 0 };
const READS = new Set(['GetItemCommand', 'QueryCommand', 'BatchGetItemCommand', 'TransactGetItemsCommand']);

export function meterCapacity<C extends DynamoDBClient>(client: C): C {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { ReturnConsumedCapacity?: string };
      input.ReturnConsumedCapacity ??= 'TOTAL';
      const result = await next(args);
      const consumed = (result.output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] })
        .ConsumedCapacity;
      const kind = READS.has(context.commandName ?? '') ? 'read' : 'write';
      totals.calls += 1;
      for (const entry of [consumed ?? []].flat()) totals[kind] += entry.CapacityUnits ?? 0;
      return result;
    },
    { step: 'initialize', name: 'meterCapacity' },
  );
  return client;
}

export function consumedCapacity(): { read: number; write: number; calls: number } {
  return { ...totals };
}

export function resetCapacity(): void {
  totals.read = 0;
  totals.write = 0;
  totals.calls = 0;
}
