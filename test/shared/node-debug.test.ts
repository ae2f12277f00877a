// The bundles alias the `debug` package to shared/node-debug.ts: its callers' use of it must still work.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import createDebug from '../../shared/node-debug.js';

const MODULE = JSON.stringify(new URL('../../shared/node-debug.ts', import.meta.url).pathname);
const CODE = `import createDebug from ${MODULE};
const debug = createDebug('tokenizer:inflate');
process.stdout.write(String(debug.enabled));
debug('Read %d bytes', 42);`;

const run = (NODE_DEBUG: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CODE], {
    env: { ...process.env, NODE_DEBUG },
    encoding: 'utf8',
  });

describe('the debug factory on util.debuglog', () => {
  it('is disabled unless NODE_DEBUG names the namespace, and extends namespaces as debug does', () => {
    const debug = createDebug('mot-cua:test-silent');
    expect(debug.enabled).toBe(false);
    expect(debug.namespace).toBe('mot-cua:test-silent');
    expect(() => debug('nothing %d', 1)).not.toThrow();
    expect(debug.extend('child').namespace).toBe('mot-cua:test-silent:child');
  });

  it('writes the formatted message to stderr when NODE_DEBUG names it, and nothing otherwise', () => {
    const on = run('tokenizer:inflate');
    expect(on.stdout).toBe('true');
    expect(on.stderr).toMatch(/TOKENIZER:INFLATE \d+: Read 42 bytes/);
    const off = run('');
    expect(off.stdout).toBe('false');
    expect(off.stderr).not.toContain('Read 42 bytes');
  });
});
