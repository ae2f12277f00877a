// The one-stop forms written as letters to the applicant, laid out as forms 02–04 of Circular 01/2018/TT-VPCP: the
// supplement request (phiếu yêu cầu bổ sung, hoàn thiện hồ sơ), the refusal (phiếu từ chối tiếp nhận giải quyết hồ sơ)
// and the apology (phiếu xin lỗi và hẹn lại ngày trả kết quả), and the notice that processing stopped (thông báo dừng
// xử lý hồ sơ). Set in DejaVu Sans like the receipt (./receipt.ts).
import PDFDocument from 'pdfkit';
import { dayMonthYearAt } from '../domain/calendar/local-date.js';
import { formatTime, placeAndDate } from './receipt.js';
import { drawVerificationMark, type FormVerification } from './verification-mark.js';

/** What every letter states: who writes, about which dossier, to whom, when, and who signs. */
export interface LetterFacts {
  agencyName: string;
  place: string | null;
  code: string;
  procedureName: string;
  applicantName: string;
  /** When the dossier was received (accepted, or submitted where it never was). */
  receivedAt: number;
  /** When the decision the letter tells of was taken: the letter is dated then. */
  issuedAt: number;
  /** The officer who decided. */
  signedBy: string;
  /** The mark pointing to the public verification of the signed form (absent on a draft rendering). */
  verification?: FormVerification;
}

export interface ApologyLetterData extends LetterFacts {
  /** The date the applicant was given before this extension, and the new one. */
  previousDueAt: number;
  newDueAt: number;
  reason: string;
}

export interface RefusalData extends LetterFacts {
  reason: string;
}

export interface StopNoticeData extends LetterFacts {
  reason: string;
}

export interface SupplementRequestData extends LetterFacts {
  /** What the applicant must add or correct, one item each. */
  items: string[];
}

interface Layout {
  title: string;
  /** Paragraphs of the body, and a numbered list after the paragraph at `listAfter`. */
  paragraphs: string[];
  list?: { after: number; items: string[] };
  signatureTitle: string;
}

const MARGIN = 56;
const LIST_INDENT = 14;

async function renderLetter(font: Buffer, facts: LetterFacts, layout: Layout): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    font: font as unknown as string,
    // Dated at its decision, so the same facts give the same bytes (and SHA-256) whenever they are rendered.
    info: {
      Title: `${layout.title[0]}${layout.title.slice(1).toLowerCase()} ${facts.code}`,
      Author: facts.agencyName,
      CreationDate: new Date(facts.issuedAt),
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

  doc.fontSize(11);
  const top = doc.y;
  doc.text(facts.agencyName.toUpperCase(), left, top, centered);
  doc.text('-------', centered);
  doc.text(`Số: ${facts.code}`, centered);
  const leftBottom = doc.y;
  doc.text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', right, top, centered);
  doc.text('Độc lập - Tự do - Hạnh phúc', centered);
  doc.text('---------------', centered);
  doc.text(placeAndDate(facts.place, facts.issuedAt), centered);
  doc.x = left;
  doc.y = Math.max(leftBottom, doc.y);

  doc.moveDown(2).fontSize(14).text(layout.title, left, doc.y, { width, align: 'center' });
  doc.fontSize(11).moveDown(1.5);
  doc.text(`Kính gửi: ${facts.applicantName}`, { width });
  doc.moveDown(0.5);
  layout.paragraphs.forEach((paragraph, i) => {
    doc.text(paragraph, left, doc.y, { width });
    if (layout.list?.after === i) {
      layout.list.items.forEach((item, n) =>
        doc.text(`${n + 1}. ${item}`, left + LIST_INDENT, doc.y, { width: width - LIST_INDENT }),
      );
    }
  });

  if (doc.y + 120 > doc.page.height - MARGIN) doc.addPage();
  doc.moveDown(2);
  doc.text(layout.signatureTitle, right, doc.y, centered);
  doc.text('(Ký và ghi rõ họ tên)', centered);
  doc.moveDown(2).text(facts.signedBy, centered);
  if (facts.verification) {
    if (doc.y + 90 > doc.page.height - MARGIN) doc.addPage();
    await drawVerificationMark(doc, facts.verification, left, doc.y + 24, width);
  }
  doc.end();
  return done;
}

/** Form 04: the agency apologises for the delay, gives the reason and the new date. */
export function renderApologyLetter(font: Buffer, data: ApologyLetterData): Promise<Buffer> {
  const agency = data.agencyName;
  return renderLetter(font, data, {
    title: 'PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ',
    paragraphs: [
      `${agency} xin lỗi Ông/Bà về việc trả kết quả giải quyết hồ sơ chậm so với thời hạn đã hẹn.`,
      `Ngày ${dayMonthYearAt(data.receivedAt)}, ${agency} tiếp nhận giải quyết hồ sơ đề nghị ${data.procedureName} của Ông/Bà; mã hồ sơ: ${data.code}.`,
      `Thời gian hẹn trả kết quả giải quyết hồ sơ: ${formatTime(data.previousDueAt)}.`,
      `Tuy nhiên đến nay, ${agency} chưa trả kết quả giải quyết hồ sơ cho Ông/Bà.`,
      `Lý do: ${data.reason}`,
      `Sự chậm trễ này đã gây phiền hà, tốn kém chi phí, công sức của Ông/Bà. ${agency} xin lỗi Ông/Bà và sẽ trả kết quả giải quyết hồ sơ cho Ông/Bà vào lúc: ${formatTime(data.newDueAt)}.`,
      'Xin trân trọng cảm ơn sự hợp tác của Ông/Bà./.',
    ],
    signatureTitle: 'THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ',
  });
}

/** Form 03: the receiving unit does not take the dossier on, and says why. */
export function renderRefusal(font: Buffer, data: RefusalData): Promise<Buffer> {
  return renderLetter(font, data, {
    title: 'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ',
    paragraphs: [
      `Bộ phận tiếp nhận và trả kết quả ${data.agencyName} nhận được hồ sơ đề nghị ${data.procedureName} của Ông/Bà ngày ${dayMonthYearAt(data.receivedAt)}; mã hồ sơ: ${data.code}.`,
      `Sau khi xem xét hồ sơ, đối chiếu với các quy định hiện hành, Bộ phận tiếp nhận và trả kết quả thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau: ${data.reason}`,
      'Xin thông báo để Ông/Bà được biết và thực hiện./.',
    ],
    signatureTitle: 'NGƯỜI TIẾP NHẬN HỒ SƠ',
  });
}

/** Form 02: what the applicant must add or correct, in one request. */
export function renderSupplementRequest(font: Buffer, data: SupplementRequestData): Promise<Buffer> {
  return renderLetter(font, data, {
    title: 'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ',
    paragraphs: [
      `Hồ sơ đề nghị ${data.procedureName} của Ông/Bà, tiếp nhận ngày ${dayMonthYearAt(data.receivedAt)}; mã hồ sơ: ${data.code}.`,
      'Yêu cầu bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:',
      `Trong quá trình bổ sung, hoàn thiện hồ sơ nếu có vướng mắc, Ông/Bà liên hệ ${data.agencyName} để được hướng dẫn.`,
    ],
    list: { after: 1, items: data.items },
    signatureTitle: 'NGƯỜI HƯỚNG DẪN',
  });
}

/** The agency stops processing the dossier (status 8, dừng xử lý) and tells the applicant why. */
export function renderStopNotice(font: Buffer, data: StopNoticeData): Promise<Buffer> {
  return renderLetter(font, data, {
    title: 'THÔNG BÁO DỪNG XỬ LÝ HỒ SƠ',
    paragraphs: [
      `Hồ sơ đề nghị ${data.procedureName} của Ông/Bà, tiếp nhận ngày ${dayMonthYearAt(data.receivedAt)}; mã hồ sơ: ${data.code}.`,
      `${data.agencyName} thông báo dừng xử lý hồ sơ này với lý do: ${data.reason}`,
      'Xin thông báo để Ông/Bà được biết./.',
    ],
    signatureTitle: 'THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ',
  });
}
