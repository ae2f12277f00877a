// The national portal's signature check, in a module of its own so only its function bundles the portal's schemas.
import { SIGNATURE_HEADER, signedByPortal } from '../../shared/adapters/national-portal/inbound.js';
import type { HttpMiddleware } from '../../shared/http/handler.js';
import { readSecret } from '../../shared/secrets.js';
import { rawBody, refused, requireJson } from './signatures.js';

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
