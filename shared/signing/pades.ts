// Signing a rendered PDF: @signpdf/placeholder-plain adds the signature field and its placeholder as an incremental
// update (pdfkit writes a classic xref table), @signpdf/signpdf fills it with the CMS of ./cms.ts. PAdES baseline:
// SubFilter ETSI.CAdES.detached, the claimed signing time in the signature dictionary's /M (never a CMS attribute).
import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { SignPdf } from '@signpdf/signpdf';
import { SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import { CmsSigner, type SigningKey } from './cms.js';
import { parseChain } from './certificates.js';

/** What the signature dictionary states besides the signature: who signs, why, where, when. */
export interface SignatureDetails {
  /** The signing organisation, as a PDF reader lists the signer. */
  name: string;
  reason: string;
  location: string;
  signingTime: Date;
}

/** Room for the signed attributes, the signature and the DER encoding's overhead besides the certificates. */
const CMS_OVERHEAD_BYTES = 2048;

/** The signature dictionary's text entries, in the order placeholder-plain writes them. */
const TEXT_KEYS = ['Reason', 'ContactInfo', 'Name', 'Location'] as const;
type TextKey = (typeof TEXT_KEYS)[number];

/**
 * A text string as PDF 1.7 §7.9.2.2 allows for any text: UTF-16BE with its byte order mark, here as a hex string.
 * ASCII stays a literal string, readable as written.
 */
function textString(text: string): { ascii: true; value: string } | { ascii: false; hex: string } {
  const nfc = text.normalize('NFC');
  if (/^[\x20-\x7e]*$/.test(nfc)) return { ascii: true, value: nfc };
  return { ascii: false, hex: `<${Buffer.from(`\ufeff${nfc}`, 'utf16le').swap16().toString('hex')}>` };
}

/**
 * placeholder-plain writes a non-ASCII string's UTF-16 bytes through UTF-8, which garbles it (vbuch/node-signpdf#174,
 * closed as won't fix). So each text with diacritics goes in as an ASCII stand-in exactly as long as its hex string
 * (`(…)` and `<…>` both count their delimiters), and is then replaced in the dictionary placeholder-plain appended:
 * the cross-reference offsets it wrote stay true, and the byte ranges are only computed afterwards, by the signing.
 */
function withTextStrings(
  prepare: (texts: Record<TextKey, string>) => Buffer,
  texts: Record<TextKey, string>,
  appendedFrom: number,
): Buffer {
  const encoded = TEXT_KEYS.map((key) => ({ key, string: textString(texts[key]) }));
  const standIns = Object.fromEntries(
    encoded.map(({ key, string }) => [
      key,
      string.ascii ? string.value : key.charAt(0).repeat(string.hex.length - 2),
    ]),
  ) as Record<TextKey, string>;
  const prepared = prepare(standIns);
  for (const { key, string } of encoded) {
    if (string.ascii) continue;
    const written = Buffer.from(`/${key} (${standIns[key]})`, 'latin1');
    const at = prepared.indexOf(written, appendedFrom);
    if (at < 0 || prepared.indexOf(written, at + 1) >= 0)
      throw new Error(`The signature dictionary's /${key} is not where placeholder-plain writes it`);
    prepared.write(`/${key} ${string.hex}`, at, 'latin1');
  }
  return prepared;
}

export interface PdfSigner {
  sign(pdf: Buffer, details: SignatureDetails): Promise<Buffer>;
}

/** A PDF signer for this key and its chain (PEM, signer first); the chain is checked once, here. */
export function pdfSigner(key: SigningKey, chainPem: string): PdfSigner {
  const { certificates, signer } = parseChain(chainPem);
  const cms = new CmsSigner(key, certificates, signer.publicKey);
  const signatureLength =
    certificates.reduce((sum, certificate) => sum + certificate.toSchema().toBER().byteLength, 0) +
    CMS_OVERHEAD_BYTES;
  return {
    async sign(pdf, details) {
      const prepared = withTextStrings(
        (texts) =>
          plainAddPlaceholder({
            pdfBuffer: pdf,
            reason: texts.Reason,
            contactInfo: texts.ContactInfo,
            name: texts.Name,
            location: texts.Location,
            signingTime: details.signingTime,
            signatureLength,
            subFilter: SUBFILTER_ETSI_CADES_DETACHED,
          }),
        { Reason: details.reason, ContactInfo: '', Name: details.name, Location: details.location },
        // placeholder-plain drops one trailing newline of the rendered file, then appends its objects.
        pdf.length - 1,
      );
      return new SignPdf().sign(prepared, cms);
    },
  };
}
