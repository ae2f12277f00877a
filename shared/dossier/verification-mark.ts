// The verification mark of a signed form: a small QR code for the public verification page (GET /verify/{sha256} of
// the form's content record) with the short verification code beside it, for those who type rather than scan.
import QRCode from 'qrcode';

export interface FormVerification {
  /** `${PUBLIC_PORTAL_URL}/verify/<content SHA-256>`. */
  url: string;
  /** The first 16 hex digits of the content SHA-256 in groups of four, as printed. */
  code: string;
}

export const verificationCode = (contentSha256: string) =>
  contentSha256.slice(0, 16).toUpperCase().match(/.{4}/g)!.join('-');

const SIZE = 64;
/** Hex digits as written: no "ff"/"fi" ligature, so a copied link or code reads back as printed. */
const LITERAL = { features: { liga: false, clig: false } as unknown as PDFKit.Mixins.OpenTypeFeatures[] };

/** Draws the mark in a box `width` wide from (x, y); returns where the box ends below. */
export async function drawVerificationMark(
  doc: PDFKit.PDFDocument,
  verification: FormVerification,
  x: number,
  y: number,
  width: number,
): Promise<number> {
  const qr = await QRCode.toBuffer(verification.url, {
    type: 'png',
    margin: 1,
    width: 128,
    errorCorrectionLevel: 'M',
  });
  doc.image(qr, x, y, { width: SIZE });
  const textX = x + SIZE + 8;
  const textWidth = width - SIZE - 8;
  doc.fontSize(9);
  doc.text('Văn bản được ký số. Xác thực / Verify:', textX, y + 6, { width: textWidth });
  doc.text(`Mã xác thực: ${verification.code}`, textX, doc.y, { width: textWidth, ...LITERAL });
  doc.fillColor('#1a4f8b').text(verification.url, textX, doc.y, { width: textWidth, ...LITERAL });
  doc.fillColor('black').fontSize(11);
  return Math.max(y + SIZE, doc.y);
}
