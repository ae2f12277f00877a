// Phiếu xin lỗi và hẹn lại ngày trả kết quả, laid out as form 04 of Circular 01/2018/TT-VPCP: the agency apologises
// for the delay, gives the reason and the new date. Set in DejaVu Sans like the receipt (shared/dossier/receipt.ts).
import PDFDocument from 'pdfkit';
import { dayMonthYearAt } from '../domain/calendar/local-date.js';
import { formatTime, placeAndDate } from './receipt.js';

export interface ApologyLetterData {
  agencyName: string;
  place: string | null;
  code: string;
  procedureName: string;
  applicantName: string;
  receivedAt: number;
  /** The date the applicant was given before this extension, and the new one. */
  previousDueAt: number;
  newDueAt: number;
  reason: string;
  /** When the extension was decided: the letter is dated then. */
  issuedAt: number;
  /** The leader who approved the extension. */
  signedBy: string;
}

const MARGIN = 56;

export function renderApologyLetter(font: Buffer, data: ApologyLetterData): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    font: font as unknown as string,
    info: {
      Title: `Phiếu xin lỗi và hẹn lại ngày trả kết quả ${data.code}`,
      Author: data.agencyName,
      CreationDate: new Date(data.issuedAt),
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));

  const left = MARGIN;
  const width = doc.page.width - 2 * MARGIN;
  const half = width / 2;
  const right = left + half;
  const centered = { width: half, align: 'center' } as const;
  const agency = data.agencyName;

  doc.fontSize(11);
  const top = doc.y;
  doc.text(agency.toUpperCase(), left, top, centered);
  doc.text('-------', centered);
  doc.text(`Số: ${data.code}`, centered);
  const leftBottom = doc.y;
  doc.text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', right, top, centered);
  doc.text('Độc lập - Tự do - Hạnh phúc', centered);
  doc.text('---------------', centered);
  doc.text(placeAndDate(data.place, data.issuedAt), centered);
  doc.x = left;
  doc.y = Math.max(leftBottom, doc.y);

  doc
    .moveDown(2)
    .fontSize(14)
    .text('PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ', left, doc.y, { width, align: 'center' });
  doc.fontSize(11).moveDown(1.5);
  doc.text(`Kính gửi: ${data.applicantName}`, { width });
  doc.moveDown(0.5);
  doc.text(`${agency} xin lỗi Ông/Bà về việc trả kết quả giải quyết hồ sơ chậm so với thời hạn đã hẹn.`, {
    width,
  });
  doc.text(
    `Ngày ${dayMonthYearAt(data.receivedAt)}, ${agency} tiếp nhận giải quyết hồ sơ đề nghị ${data.procedureName} của Ông/Bà; mã hồ sơ: ${data.code}.`,
    { width },
  );
  doc.text(`Thời gian hẹn trả kết quả giải quyết hồ sơ: ${formatTime(data.previousDueAt)}.`, { width });
  doc.text(`Tuy nhiên đến nay, ${agency} chưa trả kết quả giải quyết hồ sơ cho Ông/Bà.`, { width });
  doc.text(`Lý do: ${data.reason}`, { width });
  doc.text(
    `Sự chậm trễ này đã gây phiền hà, tốn kém chi phí, công sức của Ông/Bà. ${agency} xin lỗi Ông/Bà và sẽ trả kết quả giải quyết hồ sơ cho Ông/Bà vào lúc: ${formatTime(data.newDueAt)}.`,
    { width },
  );
  doc.text('Xin trân trọng cảm ơn sự hợp tác của Ông/Bà./.', { width });

  if (doc.y + 120 > doc.page.height - MARGIN) doc.addPage();
  doc.moveDown(2);
  const signature = doc.y;
  doc.text('THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ', right, signature, centered);
  doc.text('(Ký và ghi rõ họ tên)', centered);
  doc.moveDown(2).text(data.signedBy, centered);
  doc.end();
  return done;
}
