// Where partner file links get their key: PARTNER_FILES_SECRET (32 bytes at least) and the public base URL
// (PUBLIC_API_URL), read the same way by the sync that signs links and the route that verifies them.
import { readSigningKey } from '../secrets.js';
import type { PartnerLinkKey } from './link.js';

/** The key, or undefined where links are not configured (no base URL, or no secret long enough): then none is valid. */
export async function partnerLinkKey(
  env: NodeJS.ProcessEnv = process.env,
): Promise<PartnerLinkKey | undefined> {
  const baseUrl = env.PUBLIC_API_URL;
  if (!baseUrl) return undefined;
  const secret = await readSigningKey('PARTNER_FILES_SECRET');
  return secret ? { secret, baseUrl } : undefined;
}
