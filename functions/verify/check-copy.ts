// Copies stage (SQS): checks a copy sent to /verify once: its hash against the registry and, for an unknown copy,
// every signature it carries. With the results' signatures consumer, the only functions that carry the verifier.
import { s3AttachmentStorage } from '../../shared/dossier/storage.js';
import { queueHandler } from '../../shared/queue-consumer.js';
import { verifyPdfSignatures } from '../../shared/signing/verify-pdf.js';
import { trustedSigningRoots } from '../../shared/signing/verify-roots.js';
import { copyCheckMessage, runCopyCheck } from './copy-check.js';
import { attachmentsBucket, clock, copyChecks, s3, verificationRegistry } from './dependencies.js';

const storage = s3AttachmentStorage(s3(), attachmentsBucket());
const deps = {
  checks: copyChecks(),
  registry: verificationRegistry(),
  read: storage.read,
  verify: (pdf: Buffer) => verifyPdfSignatures(pdf, { trustedRoots: trustedSigningRoots(), now: clock() }),
  now: clock,
};

export const handler = queueHandler(copyCheckMessage, (message) => runCopyCheck(deps, message));
