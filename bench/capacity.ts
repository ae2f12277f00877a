// Counts the DynamoDB capacity units the local stack consumes, for the pipeline benchmark: a client middleware asks
// every call for ReturnConsumedCapacity and adds up the answer. The benchmark attaches it to the functions' shared
// client from outside; deployed functions never carry it.
import type { ConsumedCapacity, DynamoDBClient } from '@aws-sdk/client-dynamodb';

const totals = { read: 0, write: 0, calls: 0 };
/**
 * Writes the table refused: transactions cancelled because another submission took the receiving unit's next code
 * (a condition on its `SEQ#` counter), and every other refused write (a version conflict, a failed condition).
 */
const refused = { code: 0, other: 0 };
const byCommand = new Map<string, number>();
const READS = new Set(['GetItemCommand', 'QueryCommand', 'BatchGetItemCommand', 'TransactGetItemsCommand']);

/** A successful write, with the low-level input it was sent with. */
export interface RecordedWrite {
  command: string;
  input: Record<string, unknown>;
}
const writeListeners = new Set<(write: RecordedWrite) => void>();

/** One call as sent and what it cost, for the breakdown of where the capacity goes. */
export interface MeteredCall {
  command: string;
  units: number;
  /** The part of `units` the table's own items took (the rest went to its indexes). */
  tableUnits: number;
  /** The units each index took, by index name. */
  indexUnits: Record<string, number>;
  /** The serialized request (attribute-value form). */
  input: Record<string, unknown>;
}
const callListeners = new Set<(call: MeteredCall) => void>();

export function meterCapacity<C extends DynamoDBClient>(client: C): C {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { ReturnConsumedCapacity?: string };
      const command = context.commandName ?? '';
      const isRead = READS.has(command);
      // INDEXES also says which part went to the table and which to each index (the total is the same).
      input.ReturnConsumedCapacity ??= 'INDEXES';
      let result;
      try {
        result = await next(args);
      } catch (error) {
        const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
        const items = (input as { TransactItems?: Record<string, { Key?: { pk?: unknown } }>[] })
          .TransactItems;
        // The key as the document client gives it, or already in attribute-value form.
        const pkOf = (i: number) => {
          const key = Object.values(items?.[i] ?? {})[0]?.Key?.pk as { S?: string } | string | undefined;
          return typeof key === 'object' ? (key.S ?? '') : (key ?? '');
        };
        const onCounter = (reasons ?? []).some(
          (reason, i) => reason.Code === 'ConditionalCheckFailed' && pkOf(i).startsWith('SEQ#'),
        );
        if (onCounter) refused.code += 1;
        else if (reasons || (error as Error).name === 'ConditionalCheckFailedException') refused.other += 1;
        throw error;
      }
      const consumed = (result.output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] })
        .ConsumedCapacity;
      totals.calls += 1;
      byCommand.set(command, (byCommand.get(command) ?? 0) + 1);
      for (const entry of [consumed ?? []].flat())
        totals[isRead ? 'read' : 'write'] += entry.CapacityUnits ?? 0;
      return result;
    },
    { step: 'initialize', name: 'meterCapacity' },
  );
  // Writes are recorded as sent (the serialized request, after lib-dynamodb's marshalling), once they succeed.
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? '';
      if (callListeners.size > 0) return meterCall(command, args, next);
      if (READS.has(command) || writeListeners.size === 0) return next(args);
      const body = (args.request as { body?: unknown }).body;
      const text =
        typeof body === 'string'
          ? body
          : body instanceof Uint8Array
            ? // The bytes themselves: the SDK's JSON body answers string methods such as valueOf with a warning.
              Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8')
            : null;
      const result = await next(args);
      if (text) {
        const input = JSON.parse(text) as Record<string, unknown>;
        for (const listener of writeListeners) listener({ command, input });
      }
      return result;
    },
    { step: 'build', name: 'recordWrites' },
  );
  return client;
}

function requestText(args: unknown): string | null {
  const body = (args as { request?: { body?: unknown } }).request?.body;
  return typeof body === 'string'
    ? body
    : body instanceof Uint8Array
      ? Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8')
      : null;
}

async function meterCall<R extends { output: unknown }>(
  command: string,
  args: unknown,
  next: (args: never) => Promise<R>,
): Promise<R> {
  const text = requestText(args);
  const result = await next(args as never);
  const input = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  const consumed = (result.output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] })
    .ConsumedCapacity;
  const entries = [consumed ?? []].flat();
  const units = entries.reduce((sum, entry) => sum + (entry.CapacityUnits ?? 0), 0);
  const tableUnits = entries.reduce(
    (sum, entry) => sum + (entry.Table?.CapacityUnits ?? entry.CapacityUnits ?? 0),
    0,
  );
  const indexUnits: Record<string, number> = {};
  for (const entry of entries)
    for (const [name, index] of Object.entries(entry.GlobalSecondaryIndexes ?? {}))
      indexUnits[name] = (indexUnits[name] ?? 0) + (index.CapacityUnits ?? 0);
  for (const listener of callListeners) listener({ command, units, tableUnits, indexUnits, input });
  if (!READS.has(command)) for (const listener of writeListeners) listener({ command, input });
  return result;
}

/** Calls `listener` after every successful call with its cost (the life-cycle breakdown); returns the unsubscribe. */
export function onCall(listener: (call: MeteredCall) => void): () => void {
  callListeners.add(listener);
  return () => callListeners.delete(listener);
}

export function consumedCapacity(): {
  read: number;
  write: number;
  calls: number;
  byCommand: Record<string, number>;
  refused: { code: number; other: number };
} {
  return { ...totals, byCommand: Object.fromEntries(byCommand), refused: { ...refused } };
}

export function resetCapacity(): void {
  totals.read = 0;
  totals.write = 0;
  totals.calls = 0;
  refused.code = 0;
  refused.other = 0;
  byCommand.clear();
}

/** Calls `listener` after every successful write (benchmarks replay them); returns the unsubscribe function. */
export function onWrite(listener: (write: RecordedWrite) => void): () => void {
  writeListeners.add(listener);
  return () => writeListeners.delete(listener);
}
