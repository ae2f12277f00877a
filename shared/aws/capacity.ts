// Adds up the DynamoDB capacity units this process consumed (from ReturnConsumedCapacity), for benchmarks and metrics.
import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';

const totals = { read: 0, write: 0 };

export function recordCapacity(consumed: ConsumedCapacity | ConsumedCapacity[] | undefined): void {
  for (const entry of [consumed ?? []].flat()) {
    totals.read +=
      entry.ReadCapacityUnits ?? (entry.WriteCapacityUnits === undefined ? (entry.CapacityUnits ?? 0) : 0);
    totals.write += entry.WriteCapacityUnits ?? 0;
  }
}

export function consumedCapacity(): { read: number; write: number } {
  return { ...totals };
}

export function resetCapacity(): void {
  totals.read = 0;
  totals.write = 0;
}
