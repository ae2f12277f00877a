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

/**
 * placeholder-plain writes a non-ASCII string's UTF-16 bytes through UTF-8, which garbles it (vbuch/node-signpdf#174,
 * closed as won't fix): the dictionary's texts go without diacritics ("Ủy ban nhân dân" → "Uy ban nhan dan"). The
 * page itself, the certificate and the CMS keep them.
 */
const ascii = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e]/g, '?');

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
      const prepared = plainAddPlaceholder({
        pdfBuffer: pdf,
        reason: ascii(details.reason),
        contactInfo: '',
        name: ascii(details.name),
        location: ascii(details.location),
        signingTime: details.signingTime,
        signatureLength,
        subFilter: SUBFILTER_ETSI_CADES_DETACHED,
      });
      return new SignPdf().sign(prepared, cms);
    },
  };
}
