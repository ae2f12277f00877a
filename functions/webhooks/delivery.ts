// POST /webhooks/delivery — signature checked with Standard Webhooks before anything is read.
import { Webhook } from 'standardwebhooks';
import { logger } from '../../shared/powertools.js';
import { readSecret } from '../../shared/secrets.js';
import { clock, plainDossierRepository } from '../../shared/dossier/dependencies.js';
import { httpHandler, type HttpMiddleware } from '../../shared/http/handler.js';
import { HttpProblem } from '../../shared/http/problem.js';
import { rawBody, requireJson } from './signatures.js';
import { deliveryReportRoute } from './delivery.route.js';
import { reportDelivery, type DeliveryDeps } from './use-cases.js';

const deps: DeliveryDeps = { dossiers: plainDossierRepository(), now: clock };

/**
 * Checks, in this order: the body is JSON (415), its signature (401, and only for a failed signature), so that a
 * correctly signed body that is not valid JSON reaches the parser and gets its 400.
 */
const verifySignature: HttpMiddleware = {
  before: async ({ event }) => {
    requireJson(event);
    const body = rawBody(event);
    // Without a usable secret every report is refused: nothing unsigned is ever recorded. A secret that is not
    // valid base64 makes the constructor throw, which must refuse too, not pass as a signature that held.
    const secret = await readSecret('DELIVERY_WEBHOOK_SECRET');
    let webhook: Webhook | undefined;
    try {
      webhook = secret ? new Webhook(secret) : undefined;
    } catch {
      logger.error(
        'DELIVERY_WEBHOOK_SECRET is not a Standard Webhooks secret (base64, optionally whsec_-prefixed)',
      );
    }
    let verified = false;
    try {
      if (webhook) {
        // The body is parsed by the handler (400 for bad JSON): verify() only checks the signature here.
        webhook.verify(
          body,
          {
            'webhook-id': event.headers['webhook-id'] ?? '',
            'webhook-timestamp': event.headers['webhook-timestamp'] ?? '',
            'webhook-signature': event.headers['webhook-signature'] ?? '',
          },
          { jsonParse: false },
        );
        verified = true;
      }
    } catch {
      verified = false;
    }
    if (!verified) {
      throw new HttpProblem(
        'unauthorized',
        { vi: 'Chữ ký webhook không hợp lệ', en: 'Invalid webhook signature' },
        [
          {
            field: 'header.webhook-signature',
            message: { vi: 'Chữ ký không đúng', en: 'The signature does not match' },
          },
        ],
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
