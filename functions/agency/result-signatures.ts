// Checking a PDF result's signatures off the request path: the results upload's confirmation hands the verified
// result to the signatures queue, whose consumer runs the verifier (pkijs, too heavy for a route's cold start) over
// the kept bytes and records what it found on the result, where `resolve` reads it.
import * as z from 'zod/mini';
import type { AttachmentRecord, SignatureCheck } from '../../shared/dossier/model.js';
import type { DossierRepository } from '../../shared/dossier/repository.js';
import type { AttachmentStorage } from '../../shared/dossier/storage.js';
import type { PdfVerification } from '../../shared/signing/verify-pdf.js';

export const signatureMessage = z.object({ dossierId: z.uuid(), resultId: z.uuid() });
export type SignatureMessage = z.output<typeof signatureMessage>;

/** Only PDFs carry signatures the verifier reads; a JPEG or PNG result has none to check. */
export const hasSignaturesToCheck = (result: AttachmentRecord) =>
  result.status === 'verified' && result.contentType === 'application/pdf' && !result.signatureCheck;

export interface SignatureCheckDeps {
  dossiers: Pick<DossierRepository, 'getResult' | 'recordResultSignatures'>;
  storage: Pick<AttachmentStorage, 'read'>;
  verify: (pdf: Buffer) => Promise<PdfVerification>;
  now: () => number;
  maxBytes: number;
}

export function signatureCheckOf(verification: PdfVerification, at: number): SignatureCheck {
  return {
    verdict: verification.verdict,
    checkedAt: new Date(at).toISOString(),
    signatures: verification.signatures.map((s) => ({
      verdict: s.verdict,
      signer: s.signer,
      signedAt: s.signedAt,
      coversWholeDocument: s.coversWholeDocument,
    })),
  };
}

export async function checkResultSignatures(
  deps: SignatureCheckDeps,
  message: SignatureMessage,
): Promise<'done' | 'skipped'> {
  const result = await deps.dossiers.getResult(message.dossierId, message.resultId);
  // Gone, not a PDF, or already checked (a redelivery): nothing to do.
  if (!result || !hasSignaturesToCheck(result) || !result.objectKey) return 'skipped';
  const stored = await deps.storage.read(result.objectKey, deps.maxBytes);
  if (!stored) throw new Error(`Verified result ${result.id} of dossier ${result.dossierId} has no object`);
  const checked = signatureCheckOf(await deps.verify(stored.bytes), deps.now());
  return (await deps.dossiers.recordResultSignatures({ ...result, signatureCheck: checked }))
    ? 'done'
    : 'skipped';
}
