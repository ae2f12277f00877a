// Wires the organisation's PDF signer to its key and chain: KMS with the stage's key in AWS, a key file locally. Built
// at first use and kept for the container; a failure (no chain installed yet) is not kept, so a later message retries.
import { readFileSync } from 'node:fs';
import { KMSClient } from '@aws-sdk/client-kms';
import { kmsSigningKey } from '../adapters/kms-signing-key.js';
import { localSigningKey } from '../adapters/local-signing-key.js';
import { config, ConfigurationError } from '../config.js';
import { readSecret } from '../secrets.js';
import { pdfSigner, type PdfSigner, type SignatureDetails } from './pades.js';

async function buildSigner(): Promise<PdfSigner> {
  const settings = config.signing();
  const chain =
    (await readSecret('SIGNING_CERTIFICATE_CHAIN')) ??
    (settings.chainFile ? readFileSync(settings.chainFile, 'utf8') : undefined);
  if (!chain)
    throw new ConfigurationError(
      'SIGNING_CERTIFICATE_CHAIN is not configured: install the chain the CA issued for the signing key',
    );
  if (settings.keyId) return pdfSigner(kmsSigningKey(new KMSClient({}), settings.keyId), chain);
  if (settings.keyFile) return pdfSigner(localSigningKey(readFileSync(settings.keyFile, 'utf8')), chain);
  throw new ConfigurationError('No signing key: SIGNING_KEY_ID (KMS) or SIGNING_KEY_FILE (local) is needed');
}

let signer: Promise<PdfSigner> | undefined;

export function formSigner(): (pdf: Buffer, details: SignatureDetails) => Promise<Buffer> {
  return async (pdf, details) => {
    signer ??= buildSigner().catch((error: unknown) => {
      signer = undefined;
      throw error;
    });
    return (await signer).sign(pdf, details);
  };
}

/** The public verification page of a form, on the portal (the verification route answers there). */
export const verifyUrl = (contentSha256: string) =>
  `${process.env.PUBLIC_PORTAL_URL ?? 'https://dichvucong.example.gov.vn'}/verify/${contentSha256}`;
