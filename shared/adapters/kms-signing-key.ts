// The stage's signing key in AWS KMS (RSA_2048, SIGN_VERIFY): the function sends a SHA-256 digest to KMS `Sign` and
// gets the RSASSA-PKCS1-v1_5 signature back; the private key never leaves KMS.
import { SignCommand, type KMSClient } from '@aws-sdk/client-kms';
import type { SigningKey } from '../signing/cms.js';

export const KMS_SIGNING_ALGORITHM = 'RSASSA_PKCS1_V1_5_SHA_256';

export function kmsSigningKey(client: Pick<KMSClient, 'send'>, keyId: string): SigningKey {
  return {
    async signDigest(digest) {
      const answer = await client.send(
        new SignCommand({
          KeyId: keyId,
          Message: digest,
          MessageType: 'DIGEST',
          SigningAlgorithm: KMS_SIGNING_ALGORITHM,
        }),
      );
      if (!answer.Signature) throw new Error(`KMS returned no signature for key ${keyId}`);
      return answer.Signature;
    },
  };
}
