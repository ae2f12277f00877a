// A function granted the events queue hands each commit's events to it at once: none of the code it runs in
// functions/ may build the repository without that hand-off (plainDossierRepository, for functions without the grant).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { app } from '../../infra/app-definition.js';

/** The entry and every module of functions/ it imports, directly or through others. */
function functionModules(entry: string): Map<string, string> {
  const seen = new Map<string, string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    const source = readFileSync(file, 'utf8');
    seen.set(file, source);
    for (const [, target] of source.matchAll(/from '(\.{1,2}\/[^']+)\.js'/g)) {
      const resolved = path.normalize(path.join(path.dirname(file), `${target}.ts`));
      if (resolved.startsWith('functions/')) visit(resolved);
    }
  };
  visit(entry);
  return seen;
}

describe('the events hand-off', () => {
  const granted = Object.entries(app.functions).filter(([, fn]) =>
    (fn.access?.sendsTo ?? []).includes('events'),
  );

  it('is wired in every function granted the events queue', () => {
    expect(granted.length).toBeGreaterThan(5);
    for (const [name, fn] of granted)
      for (const [file, source] of functionModules(fn.entry))
        expect(source.includes('plainDossierRepository'), `${name}: ${file}`).toBe(false);
  });
});
