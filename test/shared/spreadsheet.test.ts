// CSV exports (statistics, the tracking ledger): text a spreadsheet would run as a formula is written as text.
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../shared/http/spreadsheet.js';

const csv = (rows: (string | number | null)[][]) =>
  toCsv(['a', 'b'], rows)
    .toString('utf8')
    .replace(/^\uFEFF/, '');

describe('toCsv', () => {
  it('quotes what needs quoting and writes numbers and empty cells as they are', () => {
    expect(
      csv([
        ['Lê "Bình", 12', -3],
        [null, 'x\ny'],
      ]),
    ).toBe('a,b\r\n"Lê ""Bình"", 12",-3\r\n,"x\ny"\r\n');
  });

  it('writes a text cell that starts like a formula as text', () => {
    expect(
      csv([
        ['=HYPERLINK("http://x")', '+1'],
        ['-2', '@SUM(A1)'],
        ['\tX', 'Nguyễn'],
      ]),
    ).toBe('a,b\r\n"\'=HYPERLINK(""http://x"")",\'+1\r\n\'-2,\'@SUM(A1)\r\n\'\tX,Nguyễn\r\n');
  });
});
