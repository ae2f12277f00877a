import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainText } from '../../shared/text.js';

describe('plain text of one line', () => {
  it('leaves nothing invisible, is NFC, has no runs of spaces, and cleaning again changes nothing', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const clean = plainText(text);
        expect(clean).not.toMatch(/[\p{Cc}\p{Cf}\p{Cs}]/u);
        expect(clean).toBe(clean.normalize('NFC'));
        expect(clean).not.toMatch(/\s{2}|^\s|\s$/);
        expect(plainText(clean)).toBe(clean);
      }),
    );
  });

  it('keeps Vietnamese letters and turns line breaks into spaces', () => {
    expect(plainText('Trần\r\nVăn\tBảy')).toBe('Trần Văn Bảy');
    expect(plainText('\u202eA\u200b')).toBe('A');
    expect(plainText('Nguye\u200b\u0302\u0303n')).toBe('Nguyễn');
  });
});
