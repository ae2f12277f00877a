// Test-only certificates and signed PDFs: a CA, leaves it issued (valid, expired) and a CA nobody trusts, made with
// pkijs (@peculiar/x509 needs a Reflect polyfill that is not installed); PDFs from pdfkit, a placeholder by
// @signpdf/placeholder-plain, signed by @signpdf/signpdf through a small pkijs CMS signer (detached, SHA-256,
// signing time, the chain embedded), as a leader's USB token would.
import { createHash, randomBytes, webcrypto } from 'node:crypto';
import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { SignPdf } from '@signpdf/signpdf';
import { Signer } from '@signpdf/utils';
import * as asn1js from 'asn1js';
import PDFDocument from 'pdfkit';
import * as pkijs from 'pkijs';

const engine = new pkijs.CryptoEngine({
  name: 'node',
  crypto: webcrypto as unknown as pkijs.CryptoEngineParameters['crypto'],
});
const ALGORITHM = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
};
const DAY = 86_400_000;

export interface Identity {
  certificate: pkijs.Certificate;
  keys: webcrypto.CryptoKeyPair;
  /** The issuing CA's certificate, embedded with the signer's. */
  chain: pkijs.Certificate[];
}

let serial = 1;

const names = (cn: string, o: string) =>
  new pkijs.RelativeDistinguishedNames({
    typesAndValues: [
      new pkijs.AttributeTypeAndValue({
        type: '2.5.4.6',
        value: new asn1js.PrintableString({ value: 'VN' }),
      }),
      new pkijs.AttributeTypeAndValue({ type: '2.5.4.10', value: new asn1js.Utf8String({ value: o }) }),
      new pkijs.AttributeTypeAndValue({ type: '2.5.4.3', value: new asn1js.Utf8String({ value: cn }) }),
    ],
  });

async function certificate(
  subject: pkijs.RelativeDistinguishedNames,
  issuer: { names: pkijs.RelativeDistinguishedNames; key: webcrypto.CryptoKey } | null,
  validity: [number, number],
  ca: boolean,
): Promise<Identity & { names: pkijs.RelativeDistinguishedNames }> {
  const keys = (await engine.generateKey(ALGORITHM, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const cert = new pkijs.Certificate();
  cert.version = 2;
  cert.serialNumber = new asn1js.Integer({ value: serial++ });
  cert.subject = subject;
  cert.issuer = issuer?.names ?? subject;
  cert.notBefore.value = new Date(validity[0]);
  cert.notAfter.value = new Date(validity[1]);
  const keyUsage = new asn1js.BitString({
    // keyCertSign and cRLSign for a CA; digitalSignature and nonRepudiation for a signer.
    valueHex: new Uint8Array([ca ? 0x06 : 0xc0]).buffer,
  });
  cert.extensions = [
    new pkijs.Extension({
      extnID: '2.5.29.19',
      critical: true,
      extnValue: new pkijs.BasicConstraints({ cA: ca }).toSchema().toBER(false),
    }),
    new pkijs.Extension({ extnID: '2.5.29.15', critical: true, extnValue: keyUsage.toBER(false) }),
  ];
  await cert.subjectPublicKeyInfo.importKey(keys.publicKey, engine);
  await cert.sign(issuer?.key ?? keys.privateKey, 'SHA-256', engine);
  return { certificate: cert, keys, chain: [], names: subject };
}

async function authority(cn: string, o: string) {
  const now = Date.now();
  return certificate(names(cn, o), null, [now - 3650 * DAY, now + 3650 * DAY], true);
}

async function issue(
  ca: Awaited<ReturnType<typeof authority>>,
  cn: string,
  o: string,
  validity: [number, number],
): Promise<Identity> {
  const made = await certificate(names(cn, o), { names: ca.names, key: ca.keys.privateKey }, validity, false);
  return { certificate: made.certificate, keys: made.keys, chain: [ca.certificate] };
}

const pem = (cert: pkijs.Certificate) =>
  `-----BEGIN CERTIFICATE-----\n${Buffer.from(cert.toSchema().toBER(false))
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .trimEnd()}\n-----END CERTIFICATE-----\n`;

export interface TestPki {
  /** The roots a province would configure (`TRUSTED_SIGNING_ROOTS`), as a PEM bundle. */
  trustedRootsPem: string;
  leader: Identity;
  expiredLeader: Identity;
  stranger: Identity;
}

/** A trusted CA with a leader's valid and expired certificates, and a signer from a CA nobody configured. */
export async function testPki(): Promise<TestPki> {
  const ca = await authority('Test Root CA of the Province', 'Tinh Thu Nghiem');
  const other = await authority('Unknown CA', 'Nobody');
  const now = Date.now();
  return {
    trustedRootsPem: pem(ca.certificate),
    leader: await issue(ca, 'Nguyen Van Lanh Dao', 'UBND Xa Thu Nghiem', [now - DAY, now + 365 * DAY]),
    expiredLeader: await issue(ca, 'Tran Thi Het Han', 'UBND Xa Thu Nghiem', [
      now - 730 * DAY,
      now - 365 * DAY,
    ]),
    stranger: await issue(other, 'Le Van La', 'Khong Ro', [now - DAY, now + 365 * DAY]),
  };
}

/** A detached CMS signature with content-type, signing-time and message-digest attributes, signed with pkijs. */
class CmsSigner extends Signer {
  constructor(private readonly identity: Identity) {
    super();
  }

  override async sign(signed: Buffer, signingTime = new Date()): Promise<Buffer> {
    const { certificate, chain } = this.identity;
    const digest = createHash('sha256').update(signed).digest();
    const signedData = new pkijs.SignedData({
      version: 1,
      encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: '1.2.840.113549.1.7.1' }),
      signerInfos: [
        new pkijs.SignerInfo({
          version: 1,
          sid: new pkijs.IssuerAndSerialNumber({
            issuer: certificate.issuer,
            serialNumber: certificate.serialNumber,
          }),
          signedAttrs: new pkijs.SignedAndUnsignedAttributes({
            type: 0,
            attributes: [
              new pkijs.Attribute({
                type: '1.2.840.113549.1.9.3',
                values: [new asn1js.ObjectIdentifier({ value: '1.2.840.113549.1.7.1' })],
              }),
              new pkijs.Attribute({
                type: '1.2.840.113549.1.9.5',
                values: [new asn1js.UTCTime({ valueDate: signingTime })],
              }),
              new pkijs.Attribute({
                type: '1.2.840.113549.1.9.4',
                values: [new asn1js.OctetString({ valueHex: digest })],
              }),
            ],
          }),
        }),
      ],
      certificates: [certificate, ...chain],
    });
    await signedData.sign(this.identity.keys.privateKey, 0, 'SHA-256', undefined, engine);
    const content = new pkijs.ContentInfo({
      contentType: '1.2.840.113549.1.7.2',
      content: signedData.toSchema(true),
    });
    return Buffer.from(content.toSchema().toBER(false));
  }
}

/** A one-page PDF (a result: "Giấy khai sinh" in plain ASCII), as pdfkit writes it. */
export function plainPdf(title = 'Ket qua giai quyet thu tuc hanh chinh'): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ compress: false, info: { CreationDate: new Date(0) } });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.fontSize(14).text(title);
    doc.end();
  });
}

/**
 * A one-page PDF of about `bytes` bytes: the page, and an unreferenced stream object of hexadecimal text that pads it
 * (listed in the cross-reference table like any object, so the file stays well formed and can be signed after).
 */
export function largePdf(bytes: number, title = 'Ban sao lon cua ket qua'): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ compress: false, info: { CreationDate: new Date(0) } });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.fontSize(14).text(title);
    doc.ref({}).end(randomBytes(Math.max(0, Math.floor((bytes - 4096) / 2))).toString('hex'));
    doc.end();
  });
}

/** `pdf` with one more signature by `identity` (placeholder-plain adds it as an incremental update). */
export async function signPdf(pdf: Buffer, identity: Identity, signingTime = new Date()): Promise<Buffer> {
  const withPlaceholder = plainAddPlaceholder({
    pdfBuffer: pdf,
    reason: 'Phe duyet ket qua',
    contactInfo: '',
    name: 'Lanh dao',
    location: 'Viet Nam',
    signingTime,
    signatureLength: 8192,
  });
  return new SignPdf().sign(withPlaceholder, new CmsSigner(identity), signingTime);
}

/** The signed PDF with one byte of its first signed range changed (in the header's binary comment line). */
export function tamper(signed: Buffer): Buffer {
  const copy = Buffer.from(signed);
  copy[10] = copy[10]! ^ 0x01;
  return copy;
}
