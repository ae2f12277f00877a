// Phiếu tiếp nhận hồ sơ và hẹn trả kết quả: the receipt with the appointment date and a QR code for the public lookup,
// set in DejaVu Sans so every Vietnamese diacritic renders.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { toVietnamIso } from '../domain/calendar/local-date.js';

/** In a Lambda bundle the font sits beside the code (copied at bundling); elsewhere it comes from its package. */
export function loadReceiptFont(): Buffer {
  const bundled = fileURLToPath(new URL('./fonts/DejaVuSans.ttf', import.meta.url));
  if (existsSync(bundled)) return readFileSync(bundled);
  return readFileSync(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'));
}

export interface ReceiptData {
  agencyName: string;
  code: string;
  procedureName: string;
  applicantName: string;
  applicantPhone: string;
  receivedAt: number;
  dueAt: number;
  documents: { name: string; fileName: string; sha256: string }[];
  lookupUrl: string;
}

const formatTime = (epochMs: number) => {
  const [date, time] = toVietnamIso(epochMs).split('T') as [string, string];
  return `${time.slice(0, 5)} ngày ${date.split('-').reverse().join('/')}`;
};

export async function renderReceipt(font: Buffer, data: ReceiptData): Promise<Buffer> {
  const qr = await QRCode.toBuffer(data.lookupUrl, {
    type: 'png',
    margin: 1,
    width: 180,
    errorCorrectionLevel: 'M',
  });
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    font: font as unknown as string,
    info: { Title: `Phiếu tiếp nhận ${data.code}`, Author: data.agencyName },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));

  const width = doc.page.width - 112;
  doc.fontSize(11).text(data.agencyName.toUpperCase(), { width: width / 2, align: 'center' });
  doc.moveUp(1).text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', doc.page.margins.left + width / 2, doc.y, {
    width: width / 2,
    align: 'center',
  });
  doc.text('Độc lập - Tự do - Hạnh phúc', { width: width / 2, align: 'center' });
  doc.x = doc.page.margins.left;
  doc.moveDown(2).fontSize(15).text('PHIẾU TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ', { width, align: 'center' });
  doc.fontSize(11).text(`Mã hồ sơ: ${data.code}`, { width, align: 'center' });
  doc.moveDown(1.5).fontSize(11);
  doc.text(`Tiếp nhận hồ sơ của: ${data.applicantName}`);
  doc.text(`Số điện thoại: ${data.applicantPhone}`);
  doc.text(`Nội dung yêu cầu giải quyết: ${data.procedureName}`);
  doc.moveDown().text('Thành phần hồ sơ đã nhận:');
  data.documents.forEach((d, i) =>
    doc.text(`${i + 1}. ${d.name} — ${d.fileName} (SHA-256 ${d.sha256.slice(0, 16)}…)`, { indent: 14 }),
  );
  doc.moveDown().text(`Thời gian nhận hồ sơ: ${formatTime(data.receivedAt)}`);
  doc.text(`Thời gian trả kết quả giải quyết hồ sơ: ${formatTime(data.dueAt)}`);
  doc.moveDown().text('Tra cứu tình trạng hồ sơ bằng mã QR hoặc tại:');
  doc.fillColor('#1a4f8b').text(data.lookupUrl).fillColor('black');
  doc.image(qr, doc.page.margins.left, doc.y + 10, { width: 120 });
  doc.end();
  return done;
}
