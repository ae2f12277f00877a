// A development CA and the organisation's signing certificate for the local stack (`npm start` keeps them under
// .local/signing/, tests in a temporary folder): what a province's CA and KMS key are in AWS. Made with pkijs over
// Node's WebCrypto; the key file is the local signer's (shared/adapters/local-signing-key.ts).
import { createHash, webcrypto } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { EngineCrypto } from '../shared/signing/cms.js';
import { parseName } from '../shared/signing/names.js';
import { toPem } from '../shared/signing/pem.js';

export interface DevelopmentSigning {
  /** The CA's certificate (PEM): the trust anchor a verifier is given. */
  caFile: string;
  /** The signing certificate then the CA's (PEM): what SIGNING_CERTIFICATE_CHAIN holds. */
  chainFile: string;
  /** The signing key, PKCS#8 PEM, readable by its owner only: the SIGNING_KEY_FILE setting. */
  keyFile: string;
}

const engine = new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as unknown as EngineCrypto });
const RSA = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
};
const DAY_MS = 86_400_000;
const OID = { basicConstraints: '2.5.29.19', keyUsage: '2.5.29.15', ski: '2.5.29.14', aki: '2.5.29.35' };
/** Key usage bits (RFC 5280 §4.2.1.3) as the DER bit string's first byte. */
const USAGE = { digitalSignature: 0x80, nonRepudiation: 0x40, keyCertSign: 0x04, cRLSign: 0x02 };

const extension = (extnID: string, value: asn1js.BaseBlock | { toSchema(): asn1js.BaseBlock }) =>
  new pkijs.Extension({
    extnID,
    critical: extnID === OID.basicConstraints || extnID === OID.keyUsage,
    extnValue: ('toSchema' in value ? value.toSchema() : value).toBER(false),
  });

const keyUsage = (bits: number) => {
  let unused = 0;
  while (unused < 7 && (bits & (1 << unused)) === 0) unused += 1;
  return new asn1js.BitString({ valueHex: new Uint8Array([bits]), unusedBits: unused });
};

interface Issued {
  certificate: pkijs.Certificate;
  keys: webcrypto.CryptoKeyPair;
  keyId: Uint8Array;
}

async function issue(
  subject: string,
  days: number,
  now: number,
  usage: number,
  issuer?: Issued,
): Promise<Issued> {
  const keys = (await webcrypto.subtle.generateKey(RSA, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const certificate = new pkijs.Certificate();
  certificate.version = 2;
  const serial = webcrypto.getRandomValues(new Uint8Array(16));
  serial[0] = serial[0]! & 0x7f;
  certificate.serialNumber = new asn1js.Integer({ valueHex: serial });
  certificate.subject = parseName(subject);
  certificate.issuer = issuer ? issuer.certificate.subject : parseName(subject);
  certificate.notBefore.value = new Date(now - DAY_MS);
  certificate.notAfter.value = new Date(now + days * DAY_MS);
  await certificate.subjectPublicKeyInfo.importKey(keys.publicKey, engine);
  const keyId = new Uint8Array(
    createHash('sha1')
      .update(certificate.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView)
      .digest(),
  );
  certificate.extensions = [
    extension(
      OID.basicConstraints,
      new pkijs.BasicConstraints(issuer ? {} : { cA: true, pathLenConstraint: 0 }),
    ),
    extension(OID.keyUsage, keyUsage(usage)),
    extension(OID.ski, new asn1js.OctetString({ valueHex: keyId })),
    ...(issuer
      ? [
          extension(
            OID.aki,
            new pkijs.AuthorityKeyIdentifier({
              keyIdentifier: new asn1js.OctetString({ valueHex: issuer.keyId }),
            }),
          ),
        ]
      : []),
  ];
  await certificate.sign((issuer ?? { keys }).keys.privateKey, 'SHA-256', engine);
  return { certificate, keys, keyId };
}

/** The development CA and signing certificate under `dir`, created when missing. */
export async function developmentSigning(dir: string, now = Date.now()): Promise<DevelopmentSigning> {
  const files = {
    caFile: path.join(dir, 'ca.pem'),
    chainFile: path.join(dir, 'signing-chain.pem'),
    keyFile: path.join(dir, 'signing-key.pem'),
  };
  if (Object.values(files).every((file) => existsSync(file))) return files;
  mkdirSync(dir, { recursive: true });
  const ca = await issue(
    'CN=Mot cua dien tu development CA (trusted nowhere else),O=Local development,C=VN',
    3650,
    now,
    USAGE.keyCertSign | USAGE.cRLSign,
  );
  const signer = await issue(
    'CN=Mot cua dien tu development signing,O=Local development,C=VN',
    730,
    now,
    USAGE.digitalSignature | USAGE.nonRepudiation,
    ca,
  );
  const pem = (issued: Issued) => toPem(issued.certificate.toSchema().toBER(), 'CERTIFICATE');
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', signer.keys.privateKey);
  writeFileSync(files.keyFile, toPem(pkcs8, 'PRIVATE KEY'), { mode: 0o600 });
  writeFileSync(files.caFile, pem(ca));
  writeFileSync(files.chainFile, pem(signer) + pem(ca));
  return files;
}
