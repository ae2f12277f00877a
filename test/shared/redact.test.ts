// Personal data inside free text (log messages, provider errors) is scrubbed however it is written and wherever it
// sits: properties over generated citizen IDs, phone numbers and e-mail addresses in arbitrary surroundings.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redactPersonalData, scrubText } from '../../shared/redact.js';

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n });
const separator = fc.constantFrom('', ' ', '.', '-');
/** Text around the datum: anything but digits and '+', which would make it part of a longer number. */
const surrounding = fc
  .array(fc.constantFrom('a', 'ờ', ' ', ',', '.', '-', '(', ')', ':', '\n', 'Số', 'SĐT', 'CCCD'), {
    maxLength: 6,
  })
  .map((parts) => parts.join(''));

/** A 12-digit citizen ID, plain or in groups of three. */
const citizenId = fc.tuple(digits(12), separator).map(([d, sep]) => ({
  digits: d.join(''),
  written: [0, 3, 6, 9].map((i) => d.slice(i, i + 3).join('')).join(sep),
}));
/** A Vietnamese mobile number, national or international, plain or grouped as people write it. */
const phone = fc
  .tuple(fc.constantFrom('3', '5', '7', '8', '9'), digits(8), fc.constantFrom('0', '+84', '84'), separator)
  .map(([first, rest, prefix, sep]) => {
    const national = `${first}${rest.join('')}`;
    const grouped = [national.slice(0, 3), national.slice(3, 6), national.slice(6)].join(sep);
    return {
      digits: national,
      written: prefix === '0' ? `0${grouped}` : `${prefix}${sep === '' ? '' : ' '}${grouped}`,
    };
  });
const email = fc.emailAddress().filter((e) => /^[\w.+-]+@[\w-]+\.[\w.-]+$/.test(e));

describe('scrubText', () => {
  it('leaves no citizen ID or phone number digits, whatever the grouping and the surroundings', () => {
    fc.assert(
      fc.property(fc.oneof(citizenId, phone), surrounding, surrounding, (datum, before, after) => {
        const scrubbed = scrubText(`${before}${datum.written}${after}`);
        expect(scrubbed.replace(/\D/g, '')).not.toContain(datum.digits);
      }),
      { numRuns: 3000 },
    );
  });

  it('leaves no e-mail address', () => {
    fc.assert(
      fc.property(email, surrounding, surrounding, (address, before, after) => {
        expect(scrubText(`${before} ${address} ${after}`)).not.toContain(address);
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps dossier codes, dates and amounts that are not personal data', () => {
    const text = 'Hồ sơ 000.00.16.H39-190626-0001 nhận 26/11/2026 lúc 08:30, lệ phí 50.000 đồng, 3 ngày';
    expect(scrubText(text)).toBe(text);
  });
});

describe('log lines', () => {
  const line = (entry: Record<string, unknown>) => JSON.parse(JSON.stringify(entry, redactPersonalData));

  it('keeps the identifiers Lambda and AWS generate, which can look like a citizen ID', () => {
    const entry = {
      function_arn: 'arn:aws:lambda:ap-southeast-1:123456789012:function:intake',
      function_request_id: '357c3136-d24c-496c-8d41-079203001234',
      correlation_id: '5f1e2a3b-0c4d-4e5f-8a9b-091234567890',
      messageId: 'c52562fc-fd94-413c-8211-012345678901',
    };
    expect(line(entry)).toEqual(entry);
  });

  it('masks personal fields by name and scrubs them out of any other text', () => {
    expect(
      line({
        applicant: { citizenId: '079203001234', phone: '0912345678', fullName: 'Nguyễn Thị Bình' },
        message: 'Gọi 0912 345 678 về CCCD 079203001234',
      }),
    ).toEqual({
      applicant: { citizenId: '[redacted]', phone: '[redacted]', fullName: '[redacted]' },
      message: 'Gọi [phone] về CCCD [citizen-id]',
    });
  });
});
