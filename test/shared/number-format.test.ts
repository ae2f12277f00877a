// The on-time page writes its numbers as Intl.NumberFormat('vi-VN') does, without loading the locale's data.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { viNumber } from '../../functions/statistics/page-html.js';

const intl = (decimals: number) =>
  new Intl.NumberFormat('vi-VN', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });

describe('numbers on the on-time page', () => {
  it('match Intl vi-VN for counts, rates and averages', () => {
    const numbers = fc.oneof(
      fc.double(),
      fc.integer(),
      fc.integer({ min: 0, max: 100_000_000 }).map((n) => n / 1000),
      fc.integer({ min: 0, max: 10_000 }).map((n) => n / 100 + 0.005),
    );
    fc.assert(
      fc.property(numbers, fc.constantFrom(0, 2), (value, decimals) => {
        expect(viNumber(value, decimals)).toBe(intl(decimals).format(value));
      }),
      { numRuns: 5000 },
    );
  });

  it('rounds as people read the figures', () => {
    expect(viNumber(1234567, 0)).toBe('1.234.567');
    expect(viNumber(1.005, 2)).toBe('1,01');
    expect(viNumber(99.995, 2)).toBe('100,00');
    expect(viNumber(2.5, 0)).toBe('3');
    expect(viNumber(-0.3, 0)).toBe('-0');
    expect(viNumber(0, 2)).toBe('0,00');
  });
});
