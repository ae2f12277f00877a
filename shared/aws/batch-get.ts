// Items read by key in batches of 100 (BatchGetItem's limit), keys left unprocessed read again after a pause.
import { jitteredPause } from '../retry.js';

/** One BatchGetItem call of a table: the items it returned and the keys it left unprocessed. */
export type BatchRead<Key, Item> = (keys: Key[]) => Promise<{ items: Item[]; unprocessed?: Key[] }>;

/** Every item of `keys` that exists, in no particular order: the caller's `read` sends one batch of at most 100. */
export async function batchGetAll<Key, Item>(
  read: BatchRead<Key, Item>,
  keys: readonly Key[],
): Promise<Item[]> {
  const items: Item[] = [];
  for (let start = 0; start < keys.length; start += 100) {
    let pending: Key[] | undefined = keys.slice(start, start + 100);
    for (let attempt = 0; pending && pending.length > 0; attempt += 1) {
      if (attempt > 0) await jitteredPause(attempt);
      const result = await read(pending);
      items.push(...result.items);
      pending = result.unprocessed;
    }
  }
  return items;
}
