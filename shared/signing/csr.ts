// A PKCS#10 certification request for the organisation's signing key, signed by that key (KMS in AWS, the key file
// locally) so the province's CA can issue the certificate the chain setting then holds. pkijs encodes it.
import { createPublicKey, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { DelegatingCryptoEngine, type SigningKey } from './cms.js';
import { parseName } from './names.js';
import { toPem } from './pem.js';

const EXTENSION_REQUEST = '1.2.840.113549.1.9.14';
const KEY_USAGE = '2.5.29.15';
/** digitalSignature and nonRepudiation (content commitment): what a document-signing certificate needs. */
const SIGNING_USAGE = new asn1js.BitString({ valueHex: new Uint8Array([0xc0]), unusedBits: 6 });

/** The request (PEM) for `subject` (`CN=…,O=…,C=VN`) over the key whose public half is `publicKeySpki` (DER). */
export async function certificationRequest(
  key: SigningKey,
  publicKeySpki: Uint8Array,
  subject: string,
): Promise<string> {
  const publicKey: KeyObject = createPublicKey({
    key: Buffer.from(publicKeySpki),
    format: 'der',
    type: 'spki',
  });
  if (publicKey.asymmetricKeyType !== 'rsa') throw new Error('The signing key must be an RSA key');
  const engine = new DelegatingCryptoEngine(key, publicKey);
  const request = new pkijs.CertificationRequest({
    version: 0,
    subject: parseName(subject),
    subjectPublicKeyInfo: pkijs.PublicKeyInfo.fromBER(publicKeySpki),
    attributes: [
      new pkijs.Attribute({
        type: EXTENSION_REQUEST,
        values: [
          new pkijs.Extensions({
            extensions: [
              new pkijs.Extension({ extnID: KEY_USAGE, critical: true, extnValue: SIGNING_USAGE.toBER() }),
            ],
          }).toSchema(),
        ],
      }),
    ],
  });
  await request.sign(await engine.publicKeyOf(publicKeySpki), 'SHA-256', engine);
  return toPem(request.toSchema().toBER(), 'CERTIFICATE REQUEST');
}
