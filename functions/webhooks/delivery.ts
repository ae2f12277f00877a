// POST /webhooks/delivery — signature checked with Standard Webhooks before anything is read.
import { Webhook } from 'standardwebhooks';
import { readSecret } from '../../shared/secrets.js';
import { clock, dossierRepository } from '../../shared/dossier/dependencies.js';
import { httpHandler, type HttpMiddleware } from '../../shared/http/handler.js';
import { HttpProblem } from '../../shared/http/problem.js';
import { deliveryReportRoute } from './delivery.route.js';
import { reportDelivery, type DeliveryDeps } from './use-cases.js';

const deps: DeliveryDeps = { dossiers: dossierRepository(), now: clock };

const verifySignature: HttpMiddleware = {
  before: async ({ event }) => {
    const body = event.isBase64Encoded
      ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
      : (event.body ?? '');
    // Without a configured secret every report is refused: nothing unsigned is ever recorded.
    const secret = await readSecret('DELIVERY_WEBHOOK_SECRET');
    try {
      if (!secret) throw new Error('DELIVERY_WEBHOOK_SECRET is not configured');
      new Webhook(secret).verify(body, {
        'webhook-id': event.headers['webhook-id'] ?? '',
        'webhook-timestamp': event.headers['webhook-timestamp'] ?? '',
        'webhook-signature': event.headers['webhook-signature'] ?? '',
      });
    } catch {
      throw new HttpProblem(
        'unauthorized',
        { vi: 'Chữ ký webhook không hợp lệ', en: 'Invalid webhook signature' },
        [{ field: 'header.webhook-signature', message: 'invalid' }],
      );
    }
  },
};

export const handler = httpHandler(
  deliveryReportRoute,
  async ({ body, event }) => {
    await reportDelivery(deps, event.headers['webhook-id']!, body);
    return { status: 204, json: null };
  },
  { middlewares: [verifySignature] },
);
