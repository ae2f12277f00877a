// The national sync reads the dossier eventually consistent, and strongly consistent again when that read does not
// hold the change its message tells of yet: never a state older than the change is sent as the latest.
import { describe, expect, it } from 'vitest';
import { currentRecord } from '../../functions/national/syncing.js';
import type { StaffRecord } from '../../shared/dossier/repository.js';

/** A read whose root is at `root` (its historyLength) and whose history holds the events `seqs`. */
const record = (seqs: number[], root = Math.max(0, ...seqs)) =>
  ({
    dossier: { id: 'd', historyLength: root },
    attachments: [],
    results: [],
    history: seqs.map((seq) => ({ seq })),
  }) as unknown as StaffRecord;

function reads(eventual: StaffRecord | null, consistent: StaffRecord | null) {
  const calls: (boolean | undefined)[] = [];
  return {
    calls,
    dossiers: {
      getForStaff: async (_id: string, options?: { consistent?: boolean }) => {
        calls.push(options?.consistent);
        return options?.consistent === false ? eventual : consistent;
      },
    },
  };
}

describe('the national sync read', () => {
  it('takes an eventually consistent read that holds the change', async () => {
    const fresh = record([1, 2, 3]);
    const deps = reads(fresh, null);
    expect(await currentRecord(deps, { dossierId: 'd', sequence: 3 })).toBe(fresh);
    expect(deps.calls).toEqual([false]);
  });

  it('reads again strongly consistent when the first read is older than the change, or finds nothing', async () => {
    const fresh = record([1, 2, 3]);
    const stale = reads(record([1, 2]), fresh);
    expect(await currentRecord(stale, { dossierId: 'd', sequence: 3 })).toBe(fresh);
    expect(stale.calls).toEqual([false, undefined]);
    const missing = reads(null, fresh);
    expect(await currentRecord(missing, { dossierId: 'd', sequence: 0 })).toBe(fresh);
    expect(missing.calls).toEqual([false, undefined]);
  });

  it('reads again when the root is older than the change, or its events lag behind its root', async () => {
    const fresh = record([1, 2, 3, 4]);
    const olderRoot = reads(record([1, 2, 3, 4], 3), fresh);
    expect(await currentRecord(olderRoot, { dossierId: 'd', sequence: 4 })).toBe(fresh);
    expect(olderRoot.calls).toEqual([false, undefined]);
    const laggingEvents = reads(record([1, 2, 3], 4), fresh);
    expect(await currentRecord(laggingEvents, { dossierId: 'd', sequence: 4 })).toBe(fresh);
    expect(laggingEvents.calls).toEqual([false, undefined]);
  });

  it('reads a forced sync (a reconciliation) strongly consistent at once', async () => {
    const fresh = record([1, 2]);
    const forced = reads(record([1]), fresh);
    expect(await currentRecord(forced, { dossierId: 'd', sequence: 0, force: true })).toBe(fresh);
    expect(forced.calls).toEqual([undefined]);
  });
});
