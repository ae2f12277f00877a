// The receipt (form 01 of Circular 01/2018/TT-VPCP) as the applicant reads it: text taken back out of the PDF.
import { describe, expect, it } from 'vitest';
import { inProcedureOrder } from '../../shared/dossier/documents.js';
import type { AttachmentRecord, DossierRecord } from '../../shared/dossier/model.js';
import {
  loadReceiptFont,
  placeAndDate,
  renderReceipt,
  type ReceiptData,
} from '../../shared/dossier/receipt.js';
import { pdfLines } from '../support/pdf-text.js';

const font = loadReceiptFont();
const CODE = '000.01.00.H56-260105-0001';

const receiptData = (overrides: Partial<ReceiptData> = {}): ReceiptData => ({
  agencyName: 'Ủy ban nhân dân phường Long An',
  place: 'Long An',
  code: CODE,
  procedureName: 'Đăng ký khai sinh',
  applicantName: 'Nguyễn Thị Bình',
  applicantPhone: '*******678',
  receivedAt: Date.parse('2026-01-05T02:30:00Z'), // 09:30 in Vietnam
  dueAt: Date.parse('2026-01-06T10:00:00Z'),
  processingDays: 1,
  documents: [
    { name: 'Tờ khai đăng ký khai sinh', fileName: 'to-khai.pdf', sha256: 'a'.repeat(64) },
    { name: 'Giấy chứng sinh', fileName: 'giay-chung-sinh.pdf', sha256: 'b'.repeat(64) },
  ],
  receivedBy: { kind: 'officer', name: 'Trần Văn Minh' },
  lookupUrl: `https://dichvucong.example.vn/tra-cuu/${CODE}`,
  pin: 'K7M2QX',
  ...overrides,
});

const textOf = async (data: ReceiptData) =>
  (await pdfLines(await renderReceipt(font, data))).map((l) => l.text);

describe('the receipt', () => {
  it('has the agency and national headers, its number and the place-and-date line', async () => {
    const text = await textOf(receiptData());
    expect(text.slice(0, 3)).toEqual(['ỦY BAN NHÂN DÂN PHƯỜNG LONG AN', '-------', `Số: ${CODE}`]);
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(text).toContain('Long An, ngày 05 tháng 01 năm 2026');
    expect(text).toContain('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
    expect(text).toContain('4. Thời gian nhận hồ sơ: 09 giờ 30 phút, ngày 05/01/2026');
    expect(text).toContain('5. Thời gian trả kết quả giải quyết hồ sơ: 17 giờ 00 phút, ngày 06/01/2026');
  });

  it('prints the lookup PIN to the right of the QR code, level with it', async () => {
    const lines = await pdfLines(await renderReceipt(font, receiptData()));
    const pin = lines.find((l) => l.text === 'Mã PIN tra cứu: K7M2QX');
    const signature = lines.find((l) => l.text === 'Trần Văn Minh');
    expect(pin).toBeDefined();
    // Below the signature blocks (PDF y grows upwards), where the QR code is drawn, and past its 110 points.
    expect(pin!.y).toBeLessThan(signature!.y);
    expect(pin!.x).toBeGreaterThan(56 + 110);
  });

  it('dates without a place when the agency has none', () => {
    expect(placeAndDate(null, Date.parse('2026-01-05T02:30:00Z'))).toBe('Ngày 05 tháng 01 năm 2026');
    expect(placeAndDate('Tây Ninh', Date.parse('2026-12-31T17:30:00Z'))).toBe(
      'Tây Ninh, ngày 01 tháng 01 năm 2027',
    );
  });

  it('numbers the documents in the order given, wrapped lines under the text rather than the number', async () => {
    const long =
      'Văn bản ủy quyền theo quy định của pháp luật trong trường hợp người đi đăng ký không phải cha mẹ';
    const lines = await pdfLines(
      await renderReceipt(
        font,
        receiptData({
          documents: [
            { name: 'Giấy chứng sinh', fileName: 'a.pdf', sha256: 'a'.repeat(64) },
            { name: long, fileName: 'b.pdf', sha256: 'b'.repeat(64) },
            { name: 'Tờ khai', fileName: 'c.pdf', sha256: 'c'.repeat(64) },
          ],
        }),
      ),
    );
    const numbers = lines.filter((l) => /^\d\.$/.test(l.text));
    expect(numbers.map((l) => l.text)).toEqual(['1.', '2.', '3.']);
    const first = lines.findIndex((l) => l.text === '1.');
    const items = lines.slice(
      first,
      lines.findIndex((l) => l.text.startsWith('2. Số lượng hồ sơ')),
    );
    const texts = items.filter((l) => !/^\d\.$/.test(l.text));
    expect(texts.map((l) => l.text).join(' ')).toMatch(
      /^Giấy chứng sinh: a\.pdf .*Văn bản ủy quyền .*Tờ khai: c\.pdf/,
    );
    expect(texts.length).toBeGreaterThan(3); // the long name wrapped
    expect(new Set(texts.map((l) => l.x)).size).toBe(1);
    expect(texts[0]!.x).toBeGreaterThan(numbers[0]!.x);
  });

  it('has both signature blocks, with the name of the officer who accepted', async () => {
    const text = await textOf(receiptData());
    const applicant = text.indexOf('NGƯỜI NỘP HỒ SƠ');
    const officer = text.indexOf('NGƯỜI TIẾP NHẬN HỒ SƠ');
    expect(applicant).toBeGreaterThan(0);
    expect(text.slice(applicant, officer)).toContain('Nguyễn Thị Bình');
    // The signature blocks, then the lookup PIN beside the QR code below them.
    expect(text.slice(officer)).toEqual([
      'NGƯỜI TIẾP NHẬN HỒ SƠ',
      '(Ký và ghi rõ họ tên)',
      'Trần Văn Minh',
      'Mã PIN tra cứu: K7M2QX',
    ]);
  });

  it('says the system received a dossier that its procedure accepts without an officer', async () => {
    const text = await textOf(receiptData({ receivedBy: { kind: 'automatic' } }));
    expect(text.slice(text.indexOf('NGƯỜI TIẾP NHẬN HỒ SƠ')).join(' ').replace(/\s+/g, ' ')).toBe(
      'NGƯỜI TIẾP NHẬN HỒ SƠ (Tiếp nhận tự động trên hệ thống) Hệ thống thông tin giải quyết thủ tục hành chính Mã PIN tra cứu: K7M2QX',
    );
  });
});

describe('the documents a receipt lists', () => {
  const attachment = (id: string, documentType: string) => ({ id, documentType }) as AttachmentRecord;
  it('follow the procedure, several files of one document in handed-in order, and leave out the rest', () => {
    const attachments = [
      attachment('a1', 'giay-chung-sinh'),
      attachment('a2', 'to-khai'),
      attachment('a3', 'giay-chung-sinh'),
      attachment('a4', 'no-longer-listed'),
      attachment('a5', 'to-khai'),
    ];
    const dossier = { handedIn: ['a5', 'a3', 'a4', 'a1', 'a2'] } as DossierRecord;
    const ordered = inProcedureOrder(['to-khai', 'giay-chung-sinh'], dossier, attachments);
    expect(ordered.map((a) => a.id)).toEqual(['a5', 'a2', 'a3', 'a1', 'a4']);
    const draft = { handedIn: ['a1'] } as DossierRecord;
    expect(inProcedureOrder(['to-khai', 'giay-chung-sinh'], draft, attachments).map((a) => a.id)).toEqual([
      'a1',
    ]);
  });
});
