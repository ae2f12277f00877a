// The public lookup page of a dossier on the portal, printed on receipts and sent in notifications, and the stage's
// lookup secret that derives receipts' PINs and signs their links.
import { ConfigurationError } from '../config.js';
import { lookupPin, lookupProof } from '../domain/dossier/lookup.js';
import { MIN_SIGNING_KEY_BYTES, readSigningKey } from '../secrets.js';

const portal = () => process.env.PUBLIC_PORTAL_URL ?? 'https://dichvucong.example.gov.vn';

export const lookupUrl = (code: string) => `${portal()}/tra-cuu?ma=${encodeURIComponent(code)}`;

/** The link a receipt's QR code carries: the portal page with the proof, which GET /lookup/{code}?proof= accepts. */
export const signedLookupUrl = (code: string, proof: string) =>
  `${lookupUrl(code)}&proof=${encodeURIComponent(proof)}`;

/**
 * Without its secret (or with one too short to hold) nothing can be verified or printed: refuse rather than issue
 * PINs nobody can check, or anyone could derive.
 */
export async function lookupSecret(): Promise<string> {
  const secret = await readSigningKey('LOOKUP_SECRET');
  if (!secret)
    throw new ConfigurationError(`LOOKUP_SECRET is not configured (at least ${MIN_SIGNING_KEY_BYTES} bytes)`);
  return secret;
}

/** What a receipt prints for the public lookup: the signed link (in its QR code) and the PIN beside it. */
export async function receiptLookup(code: string): Promise<{ lookupUrl: string; pin: string }> {
  const secret = await lookupSecret();
  return { lookupUrl: signedLookupUrl(code, lookupProof(secret, code)), pin: lookupPin(secret, code) };
}

/** Setting `LOOKUP_LOCKOUT_SECONDS`: how long wrong verifiers of one code count together (15 minutes). */
export function lockoutWindowMs(): number {
  const seconds = Number(process.env.LOOKUP_LOCKOUT_SECONDS ?? 900);
  return (Number.isInteger(seconds) && seconds > 0 ? seconds : 900) * 1000;
}
