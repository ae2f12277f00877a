// The organisation's signature on a PDF as PAdES baseline B-B wants it: a detached CMS SignedData over the signed byte
// ranges, SHA-256, with the content-type, message-digest and ESS signing-certificate-v2 signed attributes and the
// signer's certificate chain embedded. pkijs builds and encodes the CMS; only the raw signature of the signed
// attributes' digest is asked of the key, which never leaves its store (KMS in AWS, a key file locally).
import { createHash, verify, webcrypto, type KeyObject } from 'node:crypto';
import { Signer } from '@signpdf/utils';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

/** A signing key that signs a SHA-256 digest with RSASSA-PKCS1-v1_5 and gives nothing else away. */
export interface SigningKey {
  signDigest(digest: Uint8Array): Promise<Uint8Array>;
}

const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
};

export class SigningKeyMismatchError extends Error {
  override name = 'SigningKeyMismatchError';
}

/** The algorithm pkijs names the signature with: the key's own, read from the signer's certificate. */
const RSA_SHA256 = { name: 'RSASSA-PKCS1-v1_5', hash: { name: 'SHA-256' } };

/** Node's WebCrypto, which pkijs' engine types as the DOM's. */
export type EngineCrypto = ConstructorParameters<typeof pkijs.CryptoEngine>[0]['crypto'];

const sha256 = (bytes: Uint8Array | ArrayBuffer) =>
  new Uint8Array(createHash('sha256').update(new Uint8Array(bytes)).digest());

/**
 * pkijs' engine with the one call that needs the private key handed to the signing key: pkijs encodes what is
 * signed (the signed attributes, a CSR's to-be-signed part) and the key signs its SHA-256 digest.
 */
export class DelegatingCryptoEngine extends pkijs.CryptoEngine {
  /** `publicKey`: the key's public half, against which every signature is checked before it is used. */
  constructor(
    private readonly key: SigningKey,
    private readonly publicKey: KeyObject,
  ) {
    super({ name: 'signing-key', crypto: webcrypto as unknown as EngineCrypto });
  }

  override async signWithPrivateKey(data: ArrayBuffer | ArrayBufferView): Promise<ArrayBuffer> {
    const bytes = ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : new Uint8Array(data);
    const signature = await this.key.signDigest(sha256(bytes));
    // A chain installed for another key would give documents no reader can verify: refuse to issue them.
    if (!verify('sha256', bytes, this.publicKey, signature))
      throw new SigningKeyMismatchError('The signature does not verify with the configured certificate');
    return signature.slice().buffer as ArrayBuffer;
  }

  /** The public half (DER SubjectPublicKeyInfo) standing in for the private key where pkijs reads its algorithm. */
  async publicKeyOf(spki: ArrayBuffer | Uint8Array): Promise<webcrypto.CryptoKey> {
    return this.importKey('spki', spki, RSA_SHA256, true, ['verify']);
  }
}

/** ESS signing-certificate-v2 (RFC 5035) naming the signer's certificate by its SHA-256 (the default algorithm). */
function signingCertificateV2(certificate: pkijs.Certificate): asn1js.Sequence {
  const issuerSerial = new pkijs.IssuerSerial({
    issuer: new pkijs.GeneralNames({
      names: [new pkijs.GeneralName({ type: 4, value: certificate.issuer })],
    }),
    serialNumber: certificate.serialNumber,
  });
  const essCertIdV2 = new asn1js.Sequence({
    value: [
      new asn1js.OctetString({ valueHex: sha256(certificate.toSchema().toBER()) }),
      issuerSerial.toSchema(),
    ],
  });
  return new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] });
}

/**
 * A @signpdf Signer: given the PDF without its signature placeholder, the DER CMS to put there. `chain` starts with
 * the signer's certificate, then the CAs up to (and with) the root.
 */
export class CmsSigner extends Signer {
  private readonly engine: DelegatingCryptoEngine;

  constructor(
    key: SigningKey,
    private readonly chain: readonly pkijs.Certificate[],
    signerPublicKey: KeyObject,
  ) {
    super();
    if (chain.length === 0) throw new Error('A signer needs its certificate chain');
    this.engine = new DelegatingCryptoEngine(key, signerPublicKey);
  }

  override async sign(pdfBuffer: Buffer): Promise<Buffer> {
    const signer = this.chain[0]!;
    const signedData = new pkijs.SignedData({
      version: 1,
      encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
      certificates: [...this.chain],
      signerInfos: [
        new pkijs.SignerInfo({
          version: 1,
          sid: new pkijs.IssuerAndSerialNumber({ issuer: signer.issuer, serialNumber: signer.serialNumber }),
          signedAttrs: new pkijs.SignedAndUnsignedAttributes({
            type: 0,
            attributes: [
              new pkijs.Attribute({
                type: OID.contentType,
                values: [new asn1js.ObjectIdentifier({ value: OID.data })],
              }),
              new pkijs.Attribute({
                type: OID.messageDigest,
                values: [new asn1js.OctetString({ valueHex: sha256(pdfBuffer) })],
              }),
              new pkijs.Attribute({ type: OID.signingCertificateV2, values: [signingCertificateV2(signer)] }),
            ],
          }),
        }),
      ],
    });
    const publicKey = await this.engine.publicKeyOf(signer.subjectPublicKeyInfo.toSchema().toBER());
    await signedData.sign(publicKey, 0, 'SHA-256', undefined, this.engine);
    const cms = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
    return Buffer.from(cms.toSchema().toBER());
  }
}
