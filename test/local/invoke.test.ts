// The local invoker runs one invocation per execution environment at a time, as Lambda does.
import { describe, expect, it, vi } from 'vitest';
import type { FunctionDefinition } from '../../infra/app-model.js';
import { createInvoker } from '../../local/invoke.js';
import { PROJECT_ROOT } from '../../local/runner.js';
import { logger } from '../../shared/powertools.js';

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

describe('logs of functions sharing the local process', () => {
  it('name the function that wrote them, however their invocations interleave', async () => {
    const chatty = { ...fn, entry: 'test/fixtures/environments/chatty.ts' };
    const lines: { message: string; function_name?: string }[] = [];
    // Powertools writes through its own Console instance, which is where Lambda's log capture reads from.
    const output = (logger as unknown as { console: Console }).console;
    const write = vi.spyOn(output, 'warn').mockImplementation((line: string) => {
      lines.push(JSON.parse(line) as (typeof lines)[number]);
    });
    try {
      const invoke = createInvoker(PROJECT_ROOT);
      // deliveryReport pauses while sweeper runs start to end, as the 1-minute sweeper did in the reported log.
      await Promise.all([
        invoke('deliveryReport', chatty, { waitMs: 200 }),
        new Promise((r) => setTimeout(r, 50)).then(() => invoke('sweeper', chatty, { waitMs: 1 })),
      ]);
      // A use case called straight from a test logs outside any invocation: it names no function, and does not throw.
      logger.warn('outside any invocation');
    } finally {
      write.mockRestore();
    }
    expect(lines.find((l) => l.message === 'outside any invocation')).not.toHaveProperty('function_name');
    const logged = lines.filter((l) => l.message.endsWith('the pause'));
    expect(logged.map((l) => [l.function_name, l.message])).toEqual([
      ['deliveryReport', 'before the pause'],
      ['sweeper', 'before the pause'],
      ['sweeper', 'after the pause'],
      ['deliveryReport', 'after the pause'],
    ]);
  });
});
