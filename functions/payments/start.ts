// POST /dossiers/{id}/payments
import { httpHandler } from '../../shared/http/handler.js';
import { paymentDeps, platformSettings } from './dependencies.js';
import { startPaymentRoute } from './start.route.js';
import { startPayment } from './starting.js';

const deps = paymentDeps();

export const handler = httpHandler(startPaymentRoute, async ({ path, caller, language }) => ({
  status: 201,
  json: await startPayment(deps, await platformSettings(), caller!, path.id, language),
  headers: { 'cache-control': 'no-store' },
}));
