// The national sync reads the dossier eventually consistent, and strongly consistent again when that read does not
// hold the change its message tells of yet: never a state older than the change is sent as the latest.
import { describe, expect, it } from 'vitest';
import { currentRecord } from '../../functions/national/syncing.js';
import type { StaffRecord } from '../../shared/dossier/repository.js';

const record = (seqs: number[]) =>
  ({
    dossier: { id: 'd' },
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
    const fresh = record([0, 1, 2, 3]);
    const deps = reads(fresh, null);
    expect(await currentRecord(deps, { dossierId: 'd', sequence: 3 })).toBe(fresh);
    expect(deps.calls).toEqual([false]);
  });

  it('reads again strongly consistent when the first read is older than the change, or finds nothing', async () => {
    const fresh = record([0, 1, 2, 3]);
    const stale = reads(record([0, 1, 2]), fresh);
    expect(await currentRecord(stale, { dossierId: 'd', sequence: 3 })).toBe(fresh);
    expect(stale.calls).toEqual([false, undefined]);
    const missing = reads(null, fresh);
    expect(await currentRecord(missing, { dossierId: 'd', sequence: 0 })).toBe(fresh);
    expect(missing.calls).toEqual([false, undefined]);
  });
});
