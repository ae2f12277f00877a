// GET and POST /verify (copy-get.ts, copy-post.ts) — public: a PDF sent as the body, hashed and looked up, and its signatures verified. The
// verifier (pkijs) is imported on the first request, not at init: the cold start pays only for what every route does.
import { catalogRepository } from '../../shared/dossier/dependencies.js';
import { httpHandler } from '../../shared/http/handler.js';
import type { PdfVerification } from '../../shared/signing/verify-pdf.js';
import type { verifyDocumentCopyRoute } from './copy-get.route.js';
import { verificationRegistry } from './dependencies.js';
import { verifyCopy } from './use-cases.js';

const verify = async (pdf: Buffer): Promise<PdfVerification> => {
  const [{ verifyPdfSignatures }, { trustedSigningRoots }] = await Promise.all([
    import('../../shared/signing/verify-pdf.js'),
    import('../../shared/signing/verify-roots.js'),
  ]);
  return verifyPdfSignatures(pdf, { trustedRoots: trustedSigningRoots(), now: Date.now() });
};
const deps = { registry: verificationRegistry(), catalog: catalogRepository(), verify };

/** The handler of one of the two routes: the same answer to either method. */
export const copyHandler = (route: typeof verifyDocumentCopyRoute) =>
  httpHandler(route, async ({ binary }) => ({
    json: await verifyCopy(deps, binary!),
    headers: { 'cache-control': 'no-store' },
  }));
