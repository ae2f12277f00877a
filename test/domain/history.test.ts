import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  appendEvent,
  GENESIS_HASH,
  verifyChain,
  type HistoryEvent,
  type HistoryEventInput,
} from '#domain/dossier/history.js';
import { citizen, NOW, officer } from '../builders/dossier.js';

function historyOf(inputs: HistoryEventInput[]): HistoryEvent[] {
  return inputs.reduce<HistoryEvent[]>((events, input) => [...events, appendEvent(events, 'D1', input)], []);
}

const sample = historyOf([
  {
    action: 'submit',
    actor: citizen,
    at: NOW,
    from: 'draft',
    to: 'submitted',
    documentHashes: ['a'.repeat(64)],
  },
  { action: 'accept', actor: officer, at: NOW + 60_000, from: 'submitted', to: 'accepted', note: 'Đủ hồ sơ' },
  { action: 'start-processing', actor: officer, at: NOW + 120_000, from: 'accepted', to: 'processing' },
]);

describe('the dossier history', () => {
  it('chains every event to the one before', () => {
    expect(sample[0]?.prevHash).toBe(GENESIS_HASH);
    expect(sample[1]?.prevHash).toBe(sample[0]?.hash);
    expect(sample.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(verifyChain(sample)).toEqual({ valid: true, length: 3 });
  });

  it('reports the first event whose content was changed', () => {
    const tampered = sample.map((e, i) => (i === 1 ? { ...e, note: 'Thiếu hồ sơ' } : e));
    expect(verifyChain(tampered)).toEqual({ valid: false, brokenAt: 1, reason: 'hash-mismatch' });
  });

  it('reports a removed event', () => {
    expect(verifyChain([sample[0]!, sample[2]!])).toMatchObject({ valid: false, brokenAt: 1 });
  });

  it('reports an event re-hashed after a change, at the next link', () => {
    const { hash: _hash, ...rest } = sample[0]!;
    const forged = appendEvent([], 'D1', { ...rest, note: 'forged' });
    expect(verifyChain([forged, sample[1]!, sample[2]!])).toEqual({
      valid: false,
      brokenAt: 1,
      reason: 'link-mismatch',
    });
  });

  it('breaks when any single field of any event changes (property)', () => {
    const fields = [
      'seq',
      'id',
      'action',
      'actor',
      'at',
      'from',
      'to',
      'note',
      'documentHashes',
      'prevHash',
      'hash',
    ] as const;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: sample.length - 1 }),
        fc.constantFrom(...fields),
        fc.string({ minLength: 1 }),
        (index, field, noise) => {
          const event = sample[index]!;
          const changed: Record<string, unknown> = { ...event };
          const value = event[field];
          changed[field] =
            typeof value === 'number'
              ? value + 1
              : Array.isArray(value)
                ? [...value, noise]
                : typeof value === 'object' && value !== null
                  ? { ...value, id: `${value.id}${noise}` }
                  : `${value ?? ''}${noise}`;
          const result = verifyChain(
            sample.map((e, i) => (i === index ? (changed as unknown as HistoryEvent) : e)),
          );
          expect(result.valid).toBe(false);
          expect(result.valid || result.brokenAt).toBeLessThanOrEqual(index);
        },
      ),
    );
  });
});
