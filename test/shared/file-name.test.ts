// File names applicants send are sanitized before they are stored or shown: properties over arbitrary names.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sanitizeFileName } from '../../shared/dossier/storage.js';

const FORBIDDEN = /[\\/<>:"|?*\p{Cc}\p{Cf}\p{Cs}]/u;
/** Names as clients send them: any Unicode, path-like, padded, long, with odd extensions. */
const names = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc
    .tuple(
      fc.array(fc.constantFrom('..', 'etc', 'C:', '~', ' ', '.'), { maxLength: 4 }),
      fc.string({ unit: 'grapheme', maxLength: 150 }),
      fc.constantFrom('', '.pdf', '.PDF', '.docx', '. pdf', '.', '..', '.tar.gz', '.verylongextension'),
      fc.constantFrom('', ' ', '.', ' . ', '\u0000', '\n'),
    )
    .map(([dirs, stem, extension, tail]) => `${dirs.join('/')}/${stem}${extension}${tail}`),
  // Around the 120-character cut, with spaces and dots where the cut may fall.
  fc
    .array(fc.constantFrom('a', 'ờ', ' ', '.', '-'), { minLength: 110, maxLength: 140 })
    .map((chars) => chars.join('')),
);

describe('sanitizeFileName', () => {
  it('gives a bare, printable name of at most 120 characters, never empty, never padded', () => {
    fc.assert(
      fc.property(names, (name) => {
        const safe = sanitizeFileName(name);
        expect(safe.length).toBeGreaterThan(0);
        expect([...safe].length).toBeLessThanOrEqual(120);
        expect(safe).not.toMatch(FORBIDDEN);
        expect(safe).not.toMatch(/^[\s.]|[\s.]$/);
        expect(safe).toBe(safe.normalize('NFC'));
      }),
      { numRuns: 2000 },
    );
  });

  it('is idempotent: a sanitized name stays as it is', () => {
    fc.assert(
      fc.property(names, (name) => {
        const safe = sanitizeFileName(name);
        expect(sanitizeFileName(safe)).toBe(safe);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps a clean name and its extension, and the extension of a name it shortens', () => {
    expect(sanitizeFileName('tờ khai.pdf')).toBe('tờ khai.pdf');
    expect(sanitizeFileName('../../etc/tờ\u0000khai<1>.pdf')).toBe('tờkhai1.pdf');
    const long = sanitizeFileName(`${'ả'.repeat(300)}.docx`);
    expect(long.endsWith('.docx')).toBe(true);
    expect([...long]).toHaveLength(120);
    expect(sanitizeFileName(' .. ')).toBe('tep-dinh-kem');
  });
});
