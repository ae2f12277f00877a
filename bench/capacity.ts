// Counts the DynamoDB capacity units the local stack consumes, for the pipeline benchmark: a client middleware asks
// every call for ReturnConsumedCapacity and adds up the answer. The benchmark attaches it to the functions' shared
// client from outside; deployed functions never carry it.
import type { ConsumedCapacity, DynamoDBClient } from '@aws-sdk/client-dynamodb';

const totals = { read: 0, write: 0, calls: 0 };
const byCommand = new Map<string, number>();
const READS = new Set(['GetItemCommand', 'QueryCommand', 'BatchGetItemCommand', 'TransactGetItemsCommand']);

/** A successful write, with the low-level input it was sent with. */
export interface RecordedWrite {
  command: string;
  input: Record<string, unknown>;
}
const writeListeners = new Set<(write: RecordedWrite) => void>();

export function meterCapacity<C extends DynamoDBClient>(client: C): C {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { ReturnConsumedCapacity?: string };
      const command = context.commandName ?? '';
      const isRead = READS.has(command);
      input.ReturnConsumedCapacity ??= 'TOTAL';
      const result = await next(args);
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

export function consumedCapacity(): {
  read: number;
  write: number;
  calls: number;
  byCommand: Record<string, number>;
} {
  return { ...totals, byCommand: Object.fromEntries(byCommand) };
}

export function resetCapacity(): void {
  totals.read = 0;
  totals.write = 0;
  totals.calls = 0;
  byCommand.clear();
}

/** Calls `listener` after every successful write (benchmarks replay them); returns the unsubscribe function. */
export function onWrite(listener: (write: RecordedWrite) => void): () => void {
  writeListeners.add(listener);
  return () => writeListeners.delete(listener);
}
