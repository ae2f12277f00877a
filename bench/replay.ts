// Replays recorded DynamoDB writes against replica tables: DynamoDB Local's raw cost of exactly the writes a run made
// (same items, same conditions, same indexes), without the reads, HTTP, S3 and SQS around them.
import {
  BatchWriteItemCommand,
  DeleteItemCommand,
  PutItemCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import type { RecordedWrite } from './capacity.js';

type Input = Record<string, unknown> & { TableName?: string };

const COMMANDS = {
  TransactWriteItemsCommand,
  PutItemCommand,
  UpdateItemCommand,
  DeleteItemCommand,
  BatchWriteItemCommand,
} as const;

/** Recorded table name → its replica and its partition key attribute. */
export type ReplicaTables = Map<string, { replica: string; partitionKey: string }>;

function retarget(write: RecordedWrite, tables: ReplicaTables): Input {
  const input = structuredClone(write.input) as Input;
  // The SDK gives every transaction an idempotency token; a replay is a new transaction.
  delete input.ClientRequestToken;
  const rename = (name: string) => tables.get(name)?.replica ?? name;
  if (input.TableName) input.TableName = rename(input.TableName);
  if (Array.isArray(input.TransactItems)) {
    for (const item of input.TransactItems as Record<string, Input>[])
      for (const operation of Object.values(item)) operation.TableName = rename(operation.TableName!);
  }
  if (input.RequestItems) {
    input.RequestItems = Object.fromEntries(
      Object.entries(input.RequestItems as Record<string, unknown>).map(([name, v]) => [rename(name), v]),
    );
  }
  return input;
}

/** Every item a write touches (table and partition key), so writes to one item replay in their recorded order. */
function itemsOf(write: RecordedWrite, tables: ReplicaTables): string[] {
  const input = write.input as Input;
  const operations: Input[] = Array.isArray(input.TransactItems)
    ? (input.TransactItems as Record<string, Input>[]).flatMap((item) => Object.values(item))
    : input.RequestItems
      ? Object.entries(input.RequestItems as Record<string, Record<string, Input>[]>).flatMap(
          ([table, requests]) =>
            requests.flatMap((request) =>
              Object.values(request).map((operation) => ({ ...operation, TableName: table })),
            ),
        )
      : [input];
  return operations.map((operation) => {
    const key = (operation.Item ?? operation.Key ?? {}) as Record<string, AttributeValue>;
    const partitionKey = tables.get(operation.TableName ?? '')?.partitionKey ?? '';
    return `${operation.TableName}:${JSON.stringify(key[partitionKey] ?? null)}`;
  });
}

export interface ReplayResult {
  writes: number;
  transactions: number;
  failed: number;
  /** Writes whose condition failed at first and held when tried again after others (see replayWrites). */
  reordered: number;
  elapsedMs: number;
}

/** Times a write whose condition fails is tried again, after the writes ready meanwhile, before it counts as failed. */
const MAX_TRIES = 6;

const conditionFailed = (error: unknown) => {
  const name = (error as { name?: string }).name;
  if (name === 'ConditionalCheckFailedException') return true;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return name === 'TransactionCanceledException' && reasons.some((r) => r.Code === 'ConditionalCheckFailed');
};

/**
 * Replays `writes` on the replica tables with `concurrency` writers. A write waits for every earlier write that touched
 * one of its items (a transaction's items included: the unit's code counter, the statistics shards, the sync records),
 * so each condition meets the state it met when it was recorded; writes to unrelated items run in parallel.
 *
 * Writes are recorded as their answers arrive, and two writes to one item made at once (two submits taking the next
 * codes of a unit, say) may have been applied by DynamoDB in the other order. Such a write's condition fails on
 * replay: it then lets the writes that waited on it go, and is tried again after them (counted as reordered), instead
 * of failing every later write of its dossier.
 */
export async function replayWrites(
  client: DynamoDBClient,
  writes: RecordedWrite[],
  tables: ReplicaTables,
  concurrency: number,
): Promise<ReplayResult> {
  const waitingOn = writes.map(() => 0);
  const dependents = writes.map((): number[] => []);
  const lastWriter = new Map<string, number>();
  writes.forEach((write, index) => {
    const before = new Set<number>();
    for (const item of itemsOf(write, tables)) {
      const previous = lastWriter.get(item);
      // A transaction's items often share a partition (a dossier's root, papers and events): no wait on itself.
      if (previous !== undefined && previous !== index) before.add(previous);
      lastWriter.set(item, index);
    }
    waitingOn[index] = before.size;
    for (const previous of before) dependents[previous]!.push(index);
  });
  const ready = writes.flatMap((_, index) => (waitingOn[index] === 0 ? [index] : []));
  const tries = writes.map(() => 0);
  const released = writes.map(() => false);
  let failed = 0;
  let reordered = 0;
  let done = 0;
  const sleepers: (() => void)[] = [];
  const wakeAll = () => sleepers.splice(0).forEach((wake) => wake());
  const release = (index: number) => {
    if (released[index]) return;
    released[index] = true;
    for (const next of dependents[index]!) if ((waitingOn[next]! -= 1) === 0) ready.push(next);
  };
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (done < writes.length) {
        const index = ready.shift();
        if (index === undefined) {
          await new Promise<void>((resolve) => sleepers.push(resolve));
          continue;
        }
        const write = writes[index]!;
        const Command = COMMANDS[write.command as keyof typeof COMMANDS] as unknown as new (
          input: Input,
        ) => TransactWriteItemsCommand;
        tries[index] = tries[index]! + 1;
        try {
          await client.send(new Command(retarget(write, tables)));
          if (tries[index]! > 1) reordered += 1;
          done += 1;
        } catch (error) {
          if (conditionFailed(error) && tries[index]! < MAX_TRIES) {
            // Out of its applied order: the writes waiting on it go first, and it comes back after them.
            release(index);
            ready.push(index);
            wakeAll();
            continue;
          }
          if (failed === 0) console.error(`A replayed ${write.command} failed: ${(error as Error).message}`);
          failed += 1;
          done += 1;
        }
        release(index);
        wakeAll();
      }
      wakeAll();
    }),
  );
  return {
    writes: writes.length,
    transactions: writes.filter((w) => w.command === 'TransactWriteItemsCommand').length,
    failed,
    reordered,
    elapsedMs: performance.now() - started,
  };
}
