// POST /verify/uploads/{id} — public: the uploaded copy to the signature check.
import { httpHandler, type HttpResult } from '../../shared/http/handler.js';
import { askCopyCheck, POLL_AFTER_SECONDS } from './copy-check.js';
import { clock, copyChecks, copyHeader, s3, toCopyCheck } from './dependencies.js';
import { checkCopyUploadRoute } from './upload-check.route.js';

const deps = { checks: copyChecks(), header: copyHeader(s3()), toCheck: toCopyCheck(), now: clock };

export const handler = httpHandler(checkCopyUploadRoute, async ({ path }): Promise<HttpResult> => {
  const { state, pending } = await askCopyCheck(deps, path.id);
  const headers = { location: state.check, 'cache-control': 'no-store' };
  return pending
    ? { status: 202, json: state, headers: { ...headers, 'retry-after': String(POLL_AFTER_SECONDS) } }
    : { status: 303, json: null, headers };
});
