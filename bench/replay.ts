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

/** The item a write is about, so writes to one item replay in their recorded order (their conditions hold). */
function itemOf(write: RecordedWrite, tables: ReplicaTables): string {
  const first =
    (write.input.TransactItems as Record<string, Input>[] | undefined)?.[0] !== undefined
      ? Object.values((write.input.TransactItems as Record<string, Input>[])[0]!)[0]!
      : (write.input as Input);
  const key = (first.Item ?? first.Key ?? {}) as Record<string, AttributeValue>;
  const partitionKey = tables.get(first.TableName ?? '')?.partitionKey ?? '';
  return `${first.TableName}:${JSON.stringify(key[partitionKey] ?? null)}`;
}

export interface ReplayResult {
  writes: number;
  transactions: number;
  failed: number;
  elapsedMs: number;
}

/** Replays `writes` on the replica tables with `concurrency` writers. */
export async function replayWrites(
  client: DynamoDBClient,
  writes: RecordedWrite[],
  tables: ReplicaTables,
  concurrency: number,
): Promise<ReplayResult> {
  const queues = new Map<string, RecordedWrite[]>();
  for (const write of writes) {
    const key = itemOf(write, tables);
    queues.set(key, [...(queues.get(key) ?? []), write]);
  }
  const pending = [...queues.values()];
  let failed = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let queue = pending.shift(); queue; queue = pending.shift()) {
        for (const write of queue) {
          const Command = COMMANDS[write.command as keyof typeof COMMANDS] as unknown as new (
            input: Input,
          ) => TransactWriteItemsCommand;
          try {
            await client.send(new Command(retarget(write, tables)));
          } catch (error) {
            if (failed === 0)
              console.error(`A replayed ${write.command} failed: ${(error as Error).message}`);
            failed += 1;
          }
        }
      }
    }),
  );
  return {
    writes: writes.length,
    transactions: writes.filter((w) => w.command === 'TransactWriteItemsCommand').length,
    failed,
    elapsedMs: performance.now() - started,
  };
}
