// A signing key held in a PKCS#8 PEM file (the development CA's signing key under .local/, or a test's): the same
// RSASSA-PKCS1-v1_5 signature of a SHA-256 digest as KMS gives, made by node:crypto over the digest's DigestInfo.
import { constants, createPrivateKey, privateEncrypt, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { SigningKey } from '../signing/cms.js';

const SHA256 = '2.16.840.1.101.3.4.2.1';

export function localSigningKey(privateKeyPem: string | KeyObject): SigningKey {
  const key = typeof privateKeyPem === 'string' ? createPrivateKey(privateKeyPem) : privateKeyPem;
  if (key.asymmetricKeyType !== 'rsa') throw new Error('The local signing key must be an RSA key');
  return {
    async signDigest(digest) {
      // EMSA-PKCS1-v1_5 (RFC 8017 §9.2): the DigestInfo, padded with type 1 and raised to the private exponent.
      const digestInfo = new pkijs.DigestInfo({
        digestAlgorithm: new pkijs.AlgorithmIdentifier({
          algorithmId: SHA256,
          algorithmParams: new asn1js.Null(),
        }),
        digest: new asn1js.OctetString({ valueHex: digest }),
      });
      const encoded = new Uint8Array(digestInfo.toSchema().toBER());
      return new Uint8Array(privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, encoded));
    },
  };
}
