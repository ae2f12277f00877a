// Signature checks of inbound webhooks, one per provider, before anything is read: Standard Webhooks (the SMS
// gateway) and the Zalo Official Account's MAC (sha256 of app id + body + timestamp + the OA secret key).
import { createHash } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { SIGNATURE_HEADER, signedByPortal } from '../../shared/adapters/national-portal/inbound.js';
import { sameText } from '../../shared/domain/dossier/lookup.js';
import type { HttpEvent, HttpMiddleware } from '../../shared/http/handler.js';
import { HttpProblem } from '../../shared/http/problem.js';
import { logger } from '../../shared/powertools.js';
import type { SecretName } from '../../shared/resource-env.js';
import { readSecret } from '../../shared/secrets.js';

const rawBody = (event: HttpEvent) =>
  event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');

function requireJson(event: HttpEvent) {
  const contentType = (event.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (contentType !== 'application/json') {
    throw new HttpProblem('unsupported-media-type', {
      vi: 'Nội dung phải có Content-Type: application/json',
      en: 'The body must be sent as Content-Type: application/json',
    });
  }
}

const refused = (header: string) =>
  new HttpProblem('unauthorized', { vi: 'Chữ ký webhook không hợp lệ', en: 'Invalid webhook signature' }, [
    { field: `header.${header}`, message: { vi: 'Chữ ký không đúng', en: 'The signature does not match' } },
  ]);

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

/** The MAC Zalo puts in `X-ZEvent-Signature` (as `mac=<hex>`): sha256 of app id, body, timestamp and OA secret. */
export const zaloMac = (appId: string, body: string, timestamp: string, oaSecret: string) =>
  createHash('sha256').update(`${appId}${body}${timestamp}${oaSecret}`).digest('hex');

/**
 * Zalo's app id and timestamp travel in the body: the MAC is recomputed from them, and the app id must be this
 * province's (setting `ZALO_APP_ID`). A body that is not JSON cannot be checked and is refused as unsigned.
 */
export function zaloSignature(): HttpMiddleware {
  return {
    before: async ({ event }) => {
      requireJson(event);
      const body = rawBody(event);
      const [secret, appId] = [await readSecret('ZALO_OA_SECRET'), process.env.ZALO_APP_ID];
      let fields: { app_id?: unknown; timestamp?: unknown } = {};
      try {
        const parsed: unknown = JSON.parse(body);
        if (parsed && typeof parsed === 'object') fields = parsed as typeof fields;
      } catch {
        // Left empty: the MAC below cannot match.
      }
      const given = (event.headers['x-zevent-signature'] ?? '').replace(/^mac=/, '');
      const expected =
        secret && appId && String(fields.app_id) === appId
          ? zaloMac(appId, body, String(fields.timestamp ?? ''), secret)
          : '';
      if (!expected || !sameText(expected, given)) throw refused('x-zevent-signature');
    },
  };
}

/**
 * The national portal's push: the HMAC-SHA256 of the raw body with `NATIONAL_PORTAL_PUSH_SECRET`, in
 * `x-dvcqg-signature` (ASSUMED: shared/adapters/national-portal/inbound.ts). Without a secret every push is refused.
 */
export function nationalPortalSignature(): HttpMiddleware {
  return {
    before: async ({ event }) => {
      requireJson(event);
      const secret = await readSecret('NATIONAL_PORTAL_PUSH_SECRET');
      if (!secret || !signedByPortal(rawBody(event), secret, event.headers[SIGNATURE_HEADER]))
        throw refused(SIGNATURE_HEADER);
    },
  };
}
