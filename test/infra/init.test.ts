import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { app } from '../../infra/app-definition.js';
import { resourceEnv, type FunctionDefinition } from '../../infra/app-model.js';
import { PROJECT_ROOT } from '../../local/runner.js';

/** Exactly the environment the stack gives a function: its own resources, nothing else. */
function environmentOf(fn: FunctionDefinition): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    AWS_REGION: 'ap-southeast-1',
    AWS_ACCESS_KEY_ID: 'init-test',
    AWS_SECRET_ACCESS_KEY: 'init-test',
    POWERTOOLS_SERVICE_NAME: 'mot-cua',
  };
  for (const table of Object.keys(fn.access?.tables ?? {})) env[resourceEnv.table(table)] = `table-${table}`;
  for (const bucket of Object.keys(fn.access?.buckets ?? {}))
    env[resourceEnv.bucket(bucket)] = `bucket-${bucket}`;
  for (const queue of fn.access?.sendsTo ?? [])
    env[resourceEnv.queueUrl(queue)] = `https://sqs.ap-southeast-1.amazonaws.com/000000000000/${queue}`;
  return env;
}

function initialize(fn: FunctionDefinition): Promise<{ code: number | null; output: string }> {
  const script = `const m = await import(${JSON.stringify(`./${fn.entry}`)}); if (typeof m.handler !== 'function') throw new Error('no handler');`;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: PROJECT_ROOT,
      env: environmentOf(fn),
    });
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (code) =>
      resolve({
        code,
        output: output
          .split('\n')
          .filter((l) => /Error/.test(l))
          .slice(0, 3)
          .join('\n'),
      }),
    );
  });
}

describe('every function starts with only what its definition grants', () => {
  it('initializes each handler module with exactly its own environment', async () => {
    const entries = Object.entries(app.functions);
    const failures: string[] = [];
    for (let i = 0; i < entries.length; i += 4) {
      const results = await Promise.all(
        entries.slice(i, i + 4).map(async ([name, fn]) => ({ name, ...(await initialize(fn)) })),
      );
      for (const result of results) if (result.code !== 0) failures.push(`${result.name}: ${result.output}`);
    }
    expect(failures).toEqual([]);
  }, 180_000);
});
