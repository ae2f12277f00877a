// Signatures stage (SQS): verifies each verified PDF result's signatures once and records signer, time and verdict.
// The only function that carries the verifier (pkijs, asn1js): the results routes only hand results over to it.
import { attachmentStorage, clock, dossierRepository } from '../../shared/dossier/dependencies.js';
import { verifyPdfSignatures } from '../../shared/signing/verify-pdf.js';
import { trustedSigningRoots } from '../../shared/signing/verify-roots.js';
import { queueHandler } from '../../shared/queue-consumer.js';
import { checkResultSignatures, signatureMessage, type SignatureCheckDeps } from './result-signatures.js';
import { MAX_RESULT_BYTES } from './results.js';

const deps: SignatureCheckDeps = {
  dossiers: dossierRepository(),
  storage: attachmentStorage(),
  verify: (pdf) => verifyPdfSignatures(pdf, { trustedRoots: trustedSigningRoots(), now: clock() }),
  now: clock,
  maxBytes: MAX_RESULT_BYTES,
};

export const handler = queueHandler(signatureMessage, (message) => checkResultSignatures(deps, message));
