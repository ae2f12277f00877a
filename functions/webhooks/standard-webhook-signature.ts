// The SMS gateway's signature check: Standard Webhooks, in a module of its own so only its function bundles the library.
import { Webhook } from 'standardwebhooks';
import type { HttpMiddleware } from '../../shared/http/handler.js';
import { logger } from '../../shared/powertools.js';
import type { SecretName } from '../../shared/resource-env.js';
import { readSecret } from '../../shared/secrets.js';
import { rawBody, refused, requireJson } from './signatures.js';

/** Standard Webhooks with the secret `name`: without a usable secret every message is refused. */
export function standardWebhookSignature(name: SecretName): HttpMiddleware {
  return {
    before: async ({ event }) => {
      requireJson(event);
      const secret = await readSecret(name);
      let webhook: Webhook | undefined;
      try {
        webhook = secret ? new Webhook(secret) : undefined;
      } catch {
        logger.error(`${name} is not a Standard Webhooks secret (base64, optionally whsec_-prefixed)`);
      }
      try {
        if (!webhook) throw new Error('no secret');
        webhook.verify(
          rawBody(event),
          {
            'webhook-id': event.headers['webhook-id'] ?? '',
            'webhook-timestamp': event.headers['webhook-timestamp'] ?? '',
            'webhook-signature': event.headers['webhook-signature'] ?? '',
          },
          { jsonParse: false },
        );
      } catch {
        throw refused('webhook-signature');
      }
    },
  };
}
