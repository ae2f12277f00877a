// GET and POST /verify (copy-get.ts, copy-post.ts) — public: a PDF sent as the body. A registered copy is answered by
// its hash at once; an unknown one is kept under the copies' upload prefix and checked by the `copies` consumer, so
// the verifier (pkijs) stays out of this bundle.
import { s3AttachmentStorage } from '../../shared/dossier/storage.js';
import { httpHandler, type HttpResult } from '../../shared/http/handler.js';
import type { verifyDocumentCopyRoute } from './copy-get.route.js';
import { POLL_AFTER_SECONDS, submitCopy } from './copy-check.js';
import {
  attachmentsBucket,
  catalogRepository,
  clock,
  copyChecks,
  newId,
  s3,
  toCopyCheck,
  verificationRegistry,
} from './dependencies.js';

const storage = s3AttachmentStorage(s3(), attachmentsBucket());
const deps = {
  registry: verificationRegistry(),
  catalog: catalogRepository(),
  checks: copyChecks(),
  store: (key: string, object: Parameters<typeof storage.write>[1]) =>
    storage.write(key, object, 'application/pdf'),
  toCheck: toCopyCheck(),
  now: clock,
  newId,
};

/** The handler of one of the two routes: the same answer to either method. */
export const copyHandler = (route: typeof verifyDocumentCopyRoute) =>
  httpHandler(route, async ({ binary }): Promise<HttpResult> => {
    const submitted = await submitCopy(deps, binary!);
    if (submitted.known) return { json: submitted.answer, headers: { 'cache-control': 'no-store' } };
    return {
      status: 202,
      json: submitted.state,
      headers: {
        location: submitted.state.check,
        'retry-after': String(POLL_AFTER_SECONDS),
        'cache-control': 'no-store',
      },
    };
  });
