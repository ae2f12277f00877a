// The product's verifier over a form the organisation just signed, against the trusted roots (TRUSTED_SIGNING_ROOTS):
// what the public verification answers of the form (its signer, its verdict).
import type { RegisteredDocument } from './verify-registry.js';
import { verifyPdfSignatures } from './verify-pdf.js';
import { trustedSigningRoots } from './verify-roots.js';

export const checkIssuedForm =
  (now: () => number) =>
  async (pdf: Buffer): Promise<Pick<RegisteredDocument, 'signer' | 'signatureVerdict'>> => {
    const report = await verifyPdfSignatures(pdf, { trustedRoots: trustedSigningRoots(), now: now() });
    // The organisation's one signature: the registry's signer and verdict, as of a result's.
    return { signer: report.signatures.at(-1)?.signer ?? null, signatureVerdict: report.verdict };
  };
