import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DossierCodeError,
  formatDossierCode,
  nextDossierCode,
  parseDossierCode,
} from '#domain/dossier/dossier-code.js';

describe('dossier codes', () => {
  it('formats unit, yyMMdd and a four-digit sequence', () => {
    expect(formatDossierCode({ unit: '000.00.16.H39', date: '2019-06-26', sequence: 1 })).toBe(
      '000.00.16.H39-190626-0001',
    );
  });

  it('parses what it formats', () => {
    expect(parseDossierCode('000.00.16.H39-190626-0001')).toEqual({
      unit: '000.00.16.H39',
      date: '2019-06-26',
      sequence: 1,
    });
    expect(parseDossierCode(' 000.00.16.h39-190626-0042 ')).toEqual({
      unit: '000.00.16.H39',
      date: '2019-06-26',
      sequence: 42,
    });
  });

  it('rejects malformed codes and impossible dates', () => {
    for (const code of [
      '',
      'H39-190626-001',
      'H39-190230-0001',
      'H39-191326-0001',
      'H39-190626-0000',
      'H 39-190626-0001',
      '.H39-190626-0001',
    ]) {
      expect(parseDossierCode(code)).toBeNull();
    }
  });

  it('refuses to format a sequence outside 1–9999 or an invalid unit', () => {
    expect(() => formatDossierCode({ unit: 'H39', date: '2026-01-01', sequence: 10_000 })).toThrow(
      DossierCodeError,
    );
    expect(() => formatDossierCode({ unit: 'h 39', date: '2026-01-01', sequence: 1 })).toThrow(
      DossierCodeError,
    );
  });

  it('round-trips any valid code', () => {
    const unit = fc
      .array(fc.stringMatching(/^[A-Z0-9]{1,4}$/), { minLength: 1, maxLength: 4 })
      .map((parts) => parts.join('.'));
    const date = fc
      .date({
        min: new Date('2000-01-01T00:00:00Z'),
        max: new Date('2099-12-31T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(unit, date, fc.integer({ min: 1, max: 9999 }), (u, d, sequence) => {
        expect(parseDossierCode(formatDossierCode({ unit: u, date: d, sequence }))).toEqual({
          unit: u,
          date: d,
          sequence,
        });
      }),
    );
  });

  it('proposes the code after the last one issued, on the date in Vietnam', () => {
    // 2026-11-26T18:30Z is already 27 November in Vietnam.
    expect(nextDossierCode('H39', Date.parse('2026-11-26T18:30:00Z'), 6)).toEqual({
      unit: 'H39',
      date: '2026-11-27',
      sequence: 7,
      code: 'H39-261127-0007',
    });
  });

  it('fails when a unit has used all 9999 codes of a day', () => {
    expect(() => nextDossierCode('H39', 0, 9999)).toThrow(DossierCodeError);
  });
});
