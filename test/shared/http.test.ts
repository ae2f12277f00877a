import fc from 'fast-check';
import preferredLanguages from 'negotiator/lib/language.js';
import { describe, expect, it } from 'vitest';
import { negotiateLanguage } from '../../shared/http/language.js';
import { matchRoute } from '../../shared/http/route-match.js';
import { redactPersonalData, REDACTED } from '../../shared/redact.js';

describe('route matching', () => {
  const routes = [
    { method: 'GET', path: '/calendar/{year}', target: 'year' },
    { method: 'GET', path: '/calendar/due-date', target: 'due' },
    { method: 'ANY', path: '/{proxy+}', target: 'fallback' },
    { method: 'POST', path: '/dossiers/{id}/submit', target: 'submit' },
  ];
  const target = (method: string, path: string) => matchRoute(routes, method, path)?.route.target;

  it('prefers static segments over variables, and variables over greedy paths', () => {
    expect(target('GET', '/calendar/due-date')).toBe('due');
    expect(target('GET', '/calendar/2026')).toBe('year');
    expect(target('GET', '/calendar/2026/extra')).toBe('fallback');
    expect(matchRoute(routes, 'GET', '/calendar/2026')?.pathParameters).toEqual({ year: '2026' });
  });

  it('falls back to ANY for other methods', () => {
    expect(target('DELETE', '/calendar/2026')).toBe('fallback');
    expect(target('POST', '/dossiers/x/submit')).toBe('submit');
    expect(matchRoute(routes, 'GET', '/a/b/c')?.pathParameters).toEqual({ proxy: 'a/b/c' });
  });
});

describe('language negotiation', () => {
  it('picks English or Vietnamese by preference, Vietnamese by default', () => {
    expect(negotiateLanguage('en-US,en;q=0.9')).toBe('en');
    expect(negotiateLanguage('vi-VN,vi;q=0.9,en;q=0.5')).toBe('vi');
    expect(negotiateLanguage('fr-FR')).toBe('vi');
    expect(negotiateLanguage(undefined)).toBe('vi');
  });

  /** What negotiator, which answered until its steps were written out in language.ts, picks. */
  const negotiator = (header: string | undefined) =>
    (header ? preferredLanguages(header, ['vi', 'en'])[0] : undefined) ?? 'vi';

  it('picks what negotiator picks, from weights, regions, wildcards and odd spelling', () => {
    for (const header of [
      'en;q=0.8, vi;q=0.8',
      '*;q=0.5, en;q=0.4',
      'EN-gb',
      'en;q=0, *',
      'vi;q=abc, en',
      'en;Q=0.1;q=0.9, vi;q=0.5',
      'en;q="0.9", vi;q="0,5"',
      'en;q="0.9, vi',
      ' , ;q=1, en-',
      'İen, en;q=0.2',
      'en\t;\tq = 0.3 ,vi;q=0.2',
    ])
      expect(negotiateLanguage(header), header).toBe(negotiator(header));
  });

  it('agrees with negotiator on any header made of the characters ranges are written with', () => {
    const piece = fc.constantFrom(
      'vi',
      'en',
      'VI',
      'En',
      'fr',
      '*',
      '-',
      'VN',
      'us',
      ',',
      ';',
      ' ',
      '\t',
      '=',
      'q',
      'Q',
      '0',
      '1',
      '.',
      '5',
      '9',
      '"',
      '\\',
      'x',
      'İ',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const header = pieces.join('');
        expect(negotiateLanguage(header)).toBe(negotiator(header));
      }),
      { numRuns: 20_000 },
    );
  });
});

describe('personal-data redaction in logs', () => {
  const log = (value: unknown) => JSON.stringify(value, redactPersonalData);

  it('masks personal fields by name at any depth', () => {
    const line = log({
      applicant: {
        fullName: 'Nguyễn Văn A',
        citizenId: '079203001234',
        phone: '0912345678',
        address: '12 Lê Lợi',
      },
      code: 'H39',
    });
    expect(line).not.toMatch(/Nguyễn|079203001234|0912345678|Lê Lợi/);
    expect(line).toContain(REDACTED);
    expect(line).toContain('H39');
  });

  it('scrubs ID numbers, phone numbers and e-mail addresses out of free text', () => {
    const line = log({
      message: 'CCCD 079203001234 gọi +84912345678 hoặc a.b@example.vn, mã 000.00.16.H39-190626-0001',
    });
    expect(line).not.toMatch(/079203001234|912345678|a\.b@example\.vn/);
    expect(line).toContain('000.00.16.H39-190626-0001');
  });
});

describe('the Powertools logger', () => {
  it('writes no personal data, whatever a handler passes it', async () => {
    const { logger } = await import('../../shared/powertools.js');
    const lines: string[] = [];
    const streams = [process.stdout, process.stderr];
    const writes = streams.map((stream) => stream.write);
    for (const stream of streams) {
      stream.write = ((chunk: string | Uint8Array) => {
        lines.push(String(chunk));
        return true;
      }) as typeof stream.write;
    }
    try {
      logger.error('Submission failed for 079203001234', {
        applicant: {
          fullName: 'Nguyễn Văn A',
          citizenId: '079203001234',
          phone: '0912345678',
          address: '12 Lê Lợi',
        },
        dossierCode: '000.01.00.H56-261126-0001',
      });
    } finally {
      streams.forEach((stream, i) => (stream.write = writes[i]!));
    }
    const output = lines.join('');
    expect(output).toContain('000.01.00.H56-261126-0001');
    expect(output).not.toMatch(/079203001234|0912345678|Nguyễn Văn A|Lê Lợi/);
  });
});
