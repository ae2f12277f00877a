import { describe, expect, it } from 'vitest';
import { batchGetAll } from '../../shared/aws/batch-get.js';

describe('batchGetAll', () => {
  it('asks for at most 100 keys a call and asks again for the keys left unprocessed', async () => {
    const calls: number[][] = [];
    const deferred = new Set<number>();
    const keys = Array.from({ length: 230 }, (_, i) => i);
    const items = await batchGetAll(async (batch: number[]) => {
      calls.push(batch);
      // A batch's last three keys are left unprocessed the first time they are asked for, as DynamoDB may under load.
      const again = batch.slice(-3).filter((k) => !deferred.has(k));
      for (const k of again) deferred.add(k);
      return {
        items: batch.filter((k) => !again.includes(k) && k % 7 !== 0).map((k) => `item-${k}`),
        unprocessed: again,
      };
    }, keys);
    expect(calls.map((c) => c.length)).toEqual([100, 3, 100, 3, 30, 3]);
    expect(items.sort()).toEqual(
      keys
        .filter((k) => k % 7 !== 0)
        .map((k) => `item-${k}`)
        .sort(),
    );
  });

  it('makes no call for no key', async () => {
    let calls = 0;
    expect(await batchGetAll(async () => ({ items: [calls++] }), [])).toEqual([]);
    expect(calls).toBe(0);
  });
});
