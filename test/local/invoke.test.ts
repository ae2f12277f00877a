// The local invoker runs one invocation per execution environment at a time, as Lambda does.
import { describe, expect, it } from 'vitest';
import type { FunctionDefinition } from '../../infra/app-model.js';
import { createInvoker } from '../../local/invoke.js';
import { PROJECT_ROOT } from '../../local/runner.js';

const fn = {
  entry: 'test/fixtures/environments/slow.ts',
  timeoutSeconds: 1,
  memoryMb: 128,
} as FunctionDefinition;

type Result = { environment: string; concurrent: number };

describe('local invoker', () => {
  it('gives concurrent invocations environments of their own and reuses idle ones', async () => {
    const invoke = createInvoker(PROJECT_ROOT);
    const first = (await Promise.all(
      Array.from({ length: 4 }, () => invoke('slow', fn, { waitMs: 50 })),
    )) as Result[];
    expect(new Set(first.map((r) => r.environment)).size).toBe(4);
    expect(first.every((r) => r.concurrent === 1)).toBe(true);

    const again = (await Promise.all(
      Array.from({ length: 2 }, () => invoke('slow', fn, { waitMs: 10 })),
    )) as Result[];
    for (const r of again) expect(first.map((f) => f.environment)).toContain(r.environment);
    expect(new Set(again.map((r) => r.environment)).size).toBe(2);
  });

  it('discards an environment whose invocation timed out', async () => {
    const invoke = createInvoker(PROJECT_ROOT);
    const ok = (await invoke('slow', fn, { waitMs: 1 })) as Result;
    // The idle environment takes the next invocation, which outlives the 1 s timeout and keeps running.
    await expect(invoke('slow', fn, { waitMs: 1500 })).rejects.toThrow(/timed out/);
    const meanwhile = (await Promise.all([
      invoke('slow', fn, { waitMs: 1 }),
      invoke('slow', fn, { waitMs: 1 }),
    ])) as Result[];
    expect(meanwhile.map((r) => r.environment)).not.toContain(ok.environment);
    expect(meanwhile.every((r) => r.concurrent === 1)).toBe(true);
  });
});
