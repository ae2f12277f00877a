// GET /health
import { catalogRepository } from '../../shared/catalog/dependencies.js';
import { httpHandler, ok } from '../../shared/http/handler.js';
import { healthRoute } from './health.route.js';

const repo = catalogRepository();

export const handler = httpHandler(healthRoute, async () => {
  await repo.ping();
  return ok({ status: 'ok', checks: { catalog: 'ok' } }, { 'cache-control': 'no-store' });
});
