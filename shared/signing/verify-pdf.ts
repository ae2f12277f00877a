// The product's PDF signature verifier: every signature dictionary of a PDF (incremental updates give several), its
// byte range, the CMS SignedData in its /Contents (digest and signature by pkijs), the signer's chain up to the
// trusted roots at signing time (pkijs' chain engine). Pure over bytes and roots: no I/O, the clock is a parameter.
import { webcrypto } from 'node:crypto';
import { findByteRange } from '@signpdf/utils';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

/**
 * What one signature is worth: `valid` (intact, chained to a trusted root, within its certificate's validity at
 * signing time), `untrusted` (intact, but no chain to a trusted root), `expired` (intact and chained, but a
 * certificate was not valid at signing time), `modified` (the signed bytes or attributes do not match the
 * signature), `malformed` (no readable byte range or CMS signature).
 */
export type SignatureVerdict = 'valid' | 'untrusted' | 'expired' | 'modified' | 'malformed';

/** A document's verdict: its signatures' worst, `modified` when bytes follow its last signature, `unsigned` without one. */
export type DocumentVerdict = SignatureVerdict | 'unsigned';

export interface Signer {
  commonName: string | null;
  organization: string | null;
}

export interface SignatureReport {
  verdict: SignatureVerdict;
  /** Why, in the verifier's words (English; the API maps verdicts to localized words). */
  reason: string;
  signer: Signer | null;
  /** ISO instant the signature claims (timestamp token, else the signing-time attribute), or null. */
  signedAt: string | null;
  timeSource: 'timestamp' | 'signing-time' | null;
  /** The signature's byte range covers the file to its end: nothing was appended after it. */
  coversWholeDocument: boolean;
  digestAlgorithm: string | null;
}

export interface PdfVerification {
  verdict: DocumentVerdict;
  signatures: SignatureReport[];
}

const engine = new pkijs.CryptoEngine({
  name: 'node',
  crypto: webcrypto as unknown as pkijs.CryptoEngineParameters['crypto'],
});

const OID = {
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  signingTime: '1.2.840.113549.1.9.5',
  timestampToken: '1.2.840.113549.1.9.16.2.14',
  signedData: '1.2.840.113549.1.7.2',
};

const DIGESTS: Record<string, string> = {
  '2.16.840.1.101.3.4.2.1': 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384',
  '2.16.840.1.101.3.4.2.3': 'SHA-512',
};

const WORST_FIRST: SignatureVerdict[] = ['malformed', 'modified', 'untrusted', 'expired', 'valid'];

/** The certificates of a PEM bundle (a trusted roots setting), in order. */
export function certificatesFromPem(pem: string): pkijs.Certificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((block) => {
    const base64 = block.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, '');
    return pkijs.Certificate.fromBER(Buffer.from(base64, 'base64'));
  });
}

export interface VerifyOptions {
  trustedRoots: readonly pkijs.Certificate[];
  /** When a signature states no time: the instant its certificates are checked at. */
  now: number;
}

/** More signatures than any result or form carries (a leader's, a counter-signature, a few approvals). */
export const MAX_SIGNATURES = 16;

export async function verifyPdfSignatures(pdf: Buffer, options: VerifyOptions): Promise<PdfVerification> {
  let ranges: string[][];
  try {
    // The typings name the field `byteRange`; the function returns every range as `byteRanges`.
    ranges = (findByteRange(pdf) as unknown as { byteRanges: string[][] }).byteRanges;
  } catch {
    ranges = [];
  }
  // Each range is a signature whose bytes are hashed again: the same range twice counts once, and a document
  // claiming more than MAX_SIGNATURES (a crafted one, anonymous on /verify) is reported malformed unread.
  const distinct = [...new Map(ranges.map((range) => [range.join(' '), range])).values()];
  if (distinct.length > MAX_SIGNATURES)
    return {
      verdict: 'malformed',
      signatures: [report('malformed', `more than ${MAX_SIGNATURES} signatures`)],
    };
  const signatures: SignatureReport[] = [];
  for (const range of distinct) signatures.push(await verifyOne(pdf, range, options));
  if (signatures.length === 0) return { verdict: 'unsigned', signatures };
  let verdict: DocumentVerdict = WORST_FIRST.find((v) => signatures.some((s) => s.verdict === v))!;
  if (verdict === 'valid' && !signatures.at(-1)!.coversWholeDocument) verdict = 'modified';
  return { verdict, signatures };
}

const report = (verdict: SignatureVerdict, reason: string, rest: Partial<SignatureReport> = {}) => ({
  verdict,
  reason,
  signer: null,
  signedAt: null,
  timeSource: null,
  coversWholeDocument: false,
  digestAlgorithm: null,
  ...rest,
});

async function verifyOne(pdf: Buffer, range: string[], options: VerifyOptions): Promise<SignatureReport> {
  const numbers = range.map((part) => (/^\d+$/.test(part) ? Number(part) : Number.NaN));
  const [start, firstLength, second, secondLength] = numbers as [number, number, number, number];
  const holeStart = start + firstLength;
  // The only hole a byte range may leave is its /Contents hex string, from `<` to `>`.
  if (
    numbers.length !== 4 ||
    numbers.some((n) => !Number.isSafeInteger(n)) ||
    start !== 0 ||
    holeStart >= second ||
    second + secondLength > pdf.length ||
    pdf[holeStart] !== 0x3c ||
    pdf[second - 1] !== 0x3e
  ) {
    return report(
      'malformed',
      'The byte range does not leave exactly the signature contents out of the file',
    );
  }
  const coversWholeDocument = second + secondLength === pdf.length;
  const hex = pdf
    .subarray(holeStart + 1, second - 1)
    .toString('latin1')
    .replace(/\s/g, '');
  if (!/^[0-9a-fA-F]*$/.test(hex) || hex.length % 2 !== 0) {
    return report('malformed', 'The signature contents are not a hexadecimal string', {
      coversWholeDocument,
    });
  }
  const signed = Buffer.concat([pdf.subarray(0, holeStart), pdf.subarray(second, second + secondLength)]);
  let signedData: pkijs.SignedData;
  try {
    const der = Buffer.from(hex, 'hex');
    // The placeholder is padded with zeros after the DER: asn1js reads the first value and ignores the rest.
    const asn1 = asn1js.fromBER(der);
    if (asn1.offset === -1) throw new Error(asn1.result.error);
    const content = new pkijs.ContentInfo({ schema: asn1.result });
    if (content.contentType !== OID.signedData) throw new Error('not a CMS SignedData');
    signedData = new pkijs.SignedData({ schema: content.content });
    if (signedData.signerInfos.length !== 1) throw new Error('not exactly one signer');
  } catch (error) {
    return report(
      'malformed',
      `The signature contents are not a readable CMS signature (${messageOf(error)})`,
      {
        coversWholeDocument,
      },
    );
  }
  const signerInfo = signedData.signerInfos[0]!;
  const digestAlgorithm = DIGESTS[signerInfo.digestAlgorithm.algorithmId] ?? null;
  const known = { coversWholeDocument, digestAlgorithm };
  if (!digestAlgorithm) {
    return report(
      'malformed',
      `Digest algorithm ${signerInfo.digestAlgorithm.algorithmId} is not accepted`,
      known,
    );
  }
  let leaf: pkijs.Certificate;
  try {
    const checked = await signedData.verify(
      { signer: 0, data: bytesOf(signed), extendedMode: true, checkChain: false },
      engine,
    );
    leaf = checked.signerCertificate!;
    if (!checked.signatureVerified) {
      return report('modified', "The signature over the signed attributes does not match the signer's key", {
        ...known,
        signer: signerOf(leaf),
      });
    }
  } catch (error) {
    const failure = error as { code?: number; message?: string; signerCertificate?: pkijs.Certificate };
    const signer = failure.signerCertificate ? signerOf(failure.signerCertificate) : null;
    if (/digest doesn't match/i.test(failure.message ?? '')) {
      return report('modified', 'The signed bytes changed after signing: their digest does not match', {
        ...known,
        signer,
      });
    }
    return report('malformed', `The signature cannot be checked (${messageOf(error)})`, { ...known, signer });
  }
  const signer = signerOf(leaf);
  const time = await signingTimeOf(signerInfo);
  const checkDate = new Date(time?.at ?? options.now);
  const timed = {
    ...known,
    signer,
    signedAt: time ? new Date(time.at).toISOString() : null,
    timeSource: time?.source ?? null,
  };
  const certs = (signedData.certificates ?? []).filter(
    (c): c is pkijs.Certificate => c instanceof pkijs.Certificate,
  );
  if (await chains(certs, options.trustedRoots, checkDate))
    return report('valid', 'Intact and trusted', timed);
  // Told apart by the chain at a time every certificate of it was valid: the signer's own validity, midway.
  const midway = new Date((leaf.notBefore.value.getTime() + leaf.notAfter.value.getTime()) / 2);
  if (await chains(certs, options.trustedRoots, midway)) {
    return report('expired', 'A certificate of the chain was not valid at signing time', timed);
  }
  return report('untrusted', "The signer's certificate does not chain to a trusted root", timed);
}

async function chains(
  certs: pkijs.Certificate[],
  trustedCerts: readonly pkijs.Certificate[],
  checkDate: Date,
): Promise<boolean> {
  if (trustedCerts.length === 0) return false;
  const chain = new pkijs.CertificateChainValidationEngine({
    certs,
    trustedCerts: [...trustedCerts],
    checkDate,
  });
  try {
    return (await chain.verify({}, engine)).result;
  } catch {
    return false;
  }
}

/** The time the signature claims: a timestamp token's, once it verifies over this signature, else signing-time. */
async function signingTimeOf(
  signerInfo: pkijs.SignerInfo,
): Promise<{ at: number; source: 'timestamp' | 'signing-time' } | null> {
  const token = signerInfo.unsignedAttrs?.attributes.find((a) => a.type === OID.timestampToken);
  if (token) {
    try {
      const content = new pkijs.ContentInfo({ schema: token.values[0] });
      const tokenData = new pkijs.SignedData({ schema: content.content });
      const checked = await tokenData.verify(
        { signer: 0, data: bytesOf(signerInfo.signature.valueBlock.valueHexView), extendedMode: true },
        engine,
      );
      const eContent = tokenData.encapContentInfo.eContent;
      if (checked.signatureVerified && eContent) {
        const tstInfo = pkijs.TSTInfo.fromBER(eContent.getValue());
        return { at: tstInfo.genTime.getTime(), source: 'timestamp' };
      }
    } catch {
      // A token that does not verify over this signature states no time: the signed attribute is used instead.
    }
  }
  const attribute = signerInfo.signedAttrs?.attributes.find((a) => a.type === OID.signingTime);
  const value = attribute?.values[0] as (asn1js.UTCTime | asn1js.GeneralizedTime) | undefined;
  if (value && 'toDate' in value) return { at: value.toDate().getTime(), source: 'signing-time' };
  return null;
}

function signerOf(certificate: pkijs.Certificate): Signer {
  const value = (oid: string) => {
    const found = certificate.subject.typesAndValues.find((t) => t.type === oid);
    return found ? String(found.value.valueBlock.value) : null;
  };
  return { commonName: value(OID.commonName), organization: value(OID.organization) };
}

const bytesOf = (view: Uint8Array): ArrayBuffer =>
  view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength) as ArrayBuffer;

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
