// Phiếu tiếp nhận hồ sơ và hẹn trả kết quả, laid out as form 01 of Circular 01/2018/TT-VPCP (giấy tiếp nhận hồ sơ và
// hẹn trả kết quả), with a QR code for the public lookup, set in DejaVu Sans so every Vietnamese diacritic renders.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { toVietnamIso } from '../domain/calendar/local-date.js';
import { drawVerificationMark, type FormVerification } from './verification-mark.js';

/** In a Lambda bundle the font sits beside the code (copied at bundling); elsewhere it comes from its package. */
export function loadReceiptFont(): Buffer {
  const bundled = fileURLToPath(new URL('./fonts/DejaVuSans.ttf', import.meta.url));
  if (existsSync(bundled)) return readFileSync(bundled);
  return readFileSync(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'));
}

export interface ReceiptData {
  agencyName: string;
  /** The place name the agency dates its documents at ("Tây Ninh"); without one the date line starts at "ngày". */
  place: string | null;
  code: string;
  procedureName: string;
  applicantName: string;
  applicantPhone: string;
  receivedAt: number;
  dueAt: number;
  processingDays: number;
  /** In the procedure's order of documents, then in the order they were handed in. */
  documents: { name: string; fileName: string; sha256: string }[];
  /** Who accepted the dossier: a receiving officer, or the system where the procedure accepts without one. */
  receivedBy: { kind: 'officer'; name: string } | { kind: 'automatic' };
  /** The signed lookup link: scanning the QR code opens the dossier's status without typing. */
  lookupUrl: string;
  /** The lookup PIN, printed beside the QR code (GET /lookup/{code}?verifier=<PIN>). */
  pin: string;
  /** The mark pointing to the public verification of the signed receipt (absent on a draft rendering). */
  verification?: FormVerification;
}

const localParts = (epochMs: number) => {
  const [date, time] = toVietnamIso(epochMs).split('T') as [string, string];
  const [year, month, day] = date.split('-') as [string, string, string];
  return { year, month, day, hours: time.slice(0, 2), minutes: time.slice(3, 5) };
};

/** "Tây Ninh, ngày 05 tháng 01 năm 2026", the place-and-date line of an administrative document. */
export function placeAndDate(place: string | null, epochMs: number): string {
  const { day, month, year } = localParts(epochMs);
  const date = `ngày ${day} tháng ${month} năm ${year}`;
  return place ? `${place}, ${date}` : date[0]!.toUpperCase() + date.slice(1);
}

/** "08 giờ 30 phút, ngày 05/01/2026", a time as the one-stop forms write it. */
export const formatTime = (epochMs: number) => {
  const { day, month, year, hours, minutes } = localParts(epochMs);
  return `${hours} giờ ${minutes} phút, ngày ${day}/${month}/${year}`;
};

const MARGIN = 56;
const LIST_INDENT = 14;
const NUMBER_WIDTH = 22;

export async function renderReceipt(font: Buffer, data: ReceiptData): Promise<Buffer> {
  const qr = await QRCode.toBuffer(data.lookupUrl, {
    type: 'png',
    margin: 1,
    width: 180,
    errorCorrectionLevel: 'M',
  });
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    font: font as unknown as string,
    // Dated at its event, so the same facts give the same bytes (and SHA-256) whenever they are rendered.
    info: {
      Title: `Phiếu tiếp nhận ${data.code}`,
      Author: data.agencyName,
      CreationDate: new Date(data.receivedAt),
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));

  const left = MARGIN;
  const width = doc.page.width - 2 * MARGIN;
  const half = width / 2;
  const right = left + half;
  /** Two columns side by side from the same line; the document continues below the longer one. */
  const columns = (write: (x: number, y: number) => void, writeRight: (x: number, y: number) => void) => {
    const top = doc.y;
    write(left, top);
    const leftBottom = doc.y;
    writeRight(right, top);
    doc.x = left;
    doc.y = Math.max(leftBottom, doc.y);
  };
  const centered = { width: half, align: 'center' } as const;

  doc.fontSize(11);
  columns(
    (x, y) => {
      doc.text(data.agencyName.toUpperCase(), x, y, centered);
      doc.text('-------', centered);
      doc.text(`Số: ${data.code}`, centered);
    },
    (x, y) => {
      doc.text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', x, y, centered);
      doc.text('Độc lập - Tự do - Hạnh phúc', centered);
      doc.text('---------------', centered);
      doc.text(placeAndDate(data.place, data.receivedAt), centered);
    },
  );
  doc
    .moveDown(2)
    .fontSize(14)
    .text('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ', left, doc.y, { width, align: 'center' });
  doc.fontSize(11).text(`Mã hồ sơ: ${data.code}`, { width, align: 'center' });
  doc.moveDown(1.5);
  doc.text(`Bộ phận tiếp nhận và trả kết quả: ${data.agencyName}`, { width });
  doc.text(`Tiếp nhận hồ sơ của: ${data.applicantName}`);
  doc.text(`Số điện thoại: ${data.applicantPhone}`);
  doc.text(`Nội dung yêu cầu giải quyết: ${data.procedureName}`, { width });
  doc.text('1. Thành phần hồ sơ nộp gồm:');
  data.documents.forEach((d, i) => {
    const text = `${d.name}: ${d.fileName} (SHA-256 ${d.sha256.slice(0, 16)}…)`;
    const textX = left + LIST_INDENT + NUMBER_WIDTH;
    const textWidth = width - LIST_INDENT - NUMBER_WIDTH;
    // The number and its text start on the same page; wrapped lines align under the text, not under the number.
    if (doc.y + doc.heightOfString(text, { width: textWidth }) > doc.page.height - MARGIN) doc.addPage();
    const y = doc.y;
    doc.text(`${i + 1}.`, left + LIST_INDENT, y, { width: NUMBER_WIDTH });
    doc.text(text, textX, y, { width: textWidth });
    doc.x = left;
  });
  doc.text('2. Số lượng hồ sơ: 01 bộ', left, doc.y);
  doc.text(`3. Thời gian giải quyết hồ sơ theo quy định là: ${data.processingDays} ngày làm việc`);
  doc.text(`4. Thời gian nhận hồ sơ: ${formatTime(data.receivedAt)}`);
  doc.text(`5. Thời gian trả kết quả giải quyết hồ sơ: ${formatTime(data.dueAt)}`);
  doc.text('6. Tra cứu tình trạng hồ sơ bằng mã QR dưới đây hoặc tại:');
  doc.fillColor('#1a4f8b').text(data.lookupUrl, left + LIST_INDENT, doc.y, { width: width - LIST_INDENT });
  doc.fillColor('black');
  doc.x = left;

  if (doc.y + 150 > doc.page.height - MARGIN) doc.addPage();
  doc.moveDown(1.5);
  columns(
    (x, y) => {
      doc.text('NGƯỜI NỘP HỒ SƠ', x, y, centered);
      doc.text('(Nộp trực tuyến)', centered);
      doc.moveDown(2).text(data.applicantName, centered);
    },
    (x, y) => {
      doc.text('NGƯỜI TIẾP NHẬN HỒ SƠ', x, y, centered);
      if (data.receivedBy.kind === 'officer') {
        doc.text('(Ký và ghi rõ họ tên)', centered);
        doc.moveDown(2).text(data.receivedBy.name, centered);
      } else {
        // No officer took part: the procedure lets the system accept a complete dossier on its own.
        doc.text('(Tiếp nhận tự động trên hệ thống)', centered);
        doc.moveDown(2).text('Hệ thống thông tin giải quyết thủ tục hành chính', centered);
      }
    },
  );
  // The lookup QR code and PIN, then the smaller verification mark under them: one block, on one page.
  if (doc.y + (data.verification ? 210 : 130) > doc.page.height - MARGIN) doc.addPage();
  const qrTop = doc.y + 16;
  doc.image(qr, left, qrTop, { width: 110 });
  doc.text(`Mã PIN tra cứu: ${data.pin}`, left + 126, qrTop + 40, { width: width - 126 });
  if (data.verification) await drawVerificationMark(doc, data.verification, left, qrTop + 118, width);
  doc.end();
  return done;
}
