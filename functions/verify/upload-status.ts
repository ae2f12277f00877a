// GET /verify/uploads/{id} — public: a copy check's state, then its answer.
import { httpHandler, type HttpResult } from '../../shared/http/handler.js';
import { copyCheckAnswer, POLL_AFTER_SECONDS } from './copy-check.js';
import { catalogRepository, clock, copyChecks, verificationRegistry } from './dependencies.js';
import { getCopyCheckRoute } from './upload-status.route.js';

const deps = {
  checks: copyChecks(),
  registry: verificationRegistry(),
  catalog: catalogRepository(),
  now: clock,
};

export const handler = httpHandler(getCopyCheckRoute, async ({ path }): Promise<HttpResult> => {
  const answer = await copyCheckAnswer(deps, path.id);
  if (answer.pending)
    return {
      status: 202,
      json: answer.state,
      headers: { 'retry-after': String(POLL_AFTER_SECONDS), 'cache-control': 'no-store' },
    };
  return { json: answer.answer, headers: { 'cache-control': 'no-store' } };
});
