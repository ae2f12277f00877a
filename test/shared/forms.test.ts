// The issued forms as files: the same facts give the same bytes (so a redelivered issue stores the same object under
// the same hash-named key), and the apology letter (form 04 of Circular 01/2018/TT-VPCP) says what it must.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { renderApologyLetter, type ApologyLetterData } from '../../shared/dossier/letters.js';
import { loadReceiptFont, renderReceipt, type ReceiptData } from '../../shared/dossier/receipt.js';
import { pdfLines } from '../support/pdf-text.js';

const font = loadReceiptFont();
const CODE = '000.01.00.H56-260105-0001';
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

const receipt: ReceiptData = {
  agencyName: 'Ủy ban nhân dân phường Long An',
  place: 'Long An',
  code: CODE,
  procedureName: 'Đăng ký khai sinh',
  applicantName: 'Nguyễn Thị Bình',
  applicantPhone: '*******678',
  receivedAt: Date.parse('2026-01-05T02:30:00Z'),
  dueAt: Date.parse('2026-01-06T10:00:00Z'),
  processingDays: 1,
  documents: [{ name: 'Giấy chứng sinh', fileName: 'giay-chung-sinh.pdf', sha256: 'b'.repeat(64) }],
  receivedBy: { kind: 'automatic' },
  lookupUrl: `https://dichvucong.example.vn/tra-cuu/${CODE}`,
  pin: 'K7Q2M9',
};

const letter: ApologyLetterData = {
  agencyName: 'Ủy ban nhân dân phường Long An',
  place: 'Long An',
  code: CODE,
  procedureName: 'Đăng ký khai sinh',
  applicantName: 'Nguyễn Thị Bình',
  receivedAt: Date.parse('2026-01-05T02:30:00Z'),
  previousDueAt: Date.parse('2026-01-06T10:00:00Z'),
  newDueAt: Date.parse('2026-01-09T10:00:00Z'),
  reason: 'Cần xác minh thêm với cơ quan khác',
  issuedAt: Date.parse('2026-01-06T03:00:00Z'),
  signedBy: 'Nguyễn Thị Lan',
};

const textOf = (pdf: Buffer) =>
  pdfLines(pdf)
    .map((l) => l.text)
    .join(' ')
    .replace(/\s+/g, ' ');

describe('an issued form', () => {
  it('renders the same facts to the same bytes, whenever it is rendered', async () => {
    const [a, b] = await Promise.all([renderReceipt(font, receipt), renderReceipt(font, receipt)]);
    expect(sha256(a)).toBe(sha256(b));
    const [c, d] = await Promise.all([renderApologyLetter(font, letter), renderApologyLetter(font, letter)]);
    expect(sha256(c)).toBe(sha256(d));
    const later = await renderApologyLetter(font, { ...letter, newDueAt: letter.newDueAt + 86_400_000 });
    expect(sha256(later)).not.toBe(sha256(c));
  });
});

describe('the apology letter', () => {
  it('apologises, names the dossier, gives the date promised, the reason and the new date, dated at its decision', async () => {
    const text = textOf(await renderApologyLetter(font, letter));
    expect(text).toContain('PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ');
    expect(text).toContain('Long An, ngày 06 tháng 01 năm 2026');
    expect(text).toContain(`Số: ${CODE}`);
    expect(text).toContain('Kính gửi: Nguyễn Thị Bình');
    expect(text).toContain('Ngày 05/01/2026');
    expect(text).toContain('Thời gian hẹn trả kết quả giải quyết hồ sơ: 17 giờ 00 phút, ngày 06/01/2026');
    expect(text).toContain('Lý do: Cần xác minh thêm với cơ quan khác');
    expect(text).toContain('vào lúc: 17 giờ 00 phút, ngày 09/01/2026');
    expect(text).toContain('Nguyễn Thị Lan');
  });
});
