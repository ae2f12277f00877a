// Signature checks of inbound webhooks, before anything is read: what every check shares, and the Zalo Official
// Account's MAC (sha256 of app id + body + timestamp + the OA secret key). The SMS gateway's Standard Webhooks and the
// national portal's HMAC have modules of their own, so each function bundles only its provider's check.
import { createHash } from 'node:crypto';
import { sameText } from '../../shared/domain/dossier/lookup.js';
import type { HttpEvent, HttpMiddleware } from '../../shared/http/handler.js';
import { HttpProblem, wrongContentType } from '../../shared/http/problem.js';
import { readSecret } from '../../shared/secrets.js';

export const rawBody = (event: HttpEvent) =>
  event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');

export function requireJson(event: HttpEvent) {
  const contentType = (event.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (contentType !== 'application/json') {
    throw wrongContentType('application/json');
  }
}

export const refused = (header: string) =>
  new HttpProblem('unauthorized', { vi: 'Chữ ký webhook không hợp lệ', en: 'Invalid webhook signature' }, [
    { field: `header.${header}`, message: { vi: 'Chữ ký không đúng', en: 'The signature does not match' } },
  ]);

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
