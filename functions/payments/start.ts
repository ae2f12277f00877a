// POST /dossiers/{id}/payments
import { httpHandler } from '../../shared/http/handler.js';
import { dossierReader } from '../../shared/dossier/dependencies.js';
import { paymentBasics, platformSettings } from './dependencies.js';
import { startPaymentRoute } from './start.route.js';
import { startPayment } from './starting.js';

// Starting a payment reads the dossier and writes the payment only.
const deps = { ...paymentBasics(), dossiers: dossierReader() };

export const handler = httpHandler(startPaymentRoute, async ({ path, caller, language }) => ({
  status: 201,
  json: await startPayment(deps, await platformSettings(), caller!, path.id, language),
  headers: { 'cache-control': 'no-store' },
}));
