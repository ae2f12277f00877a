// Partner file links: a signed, expiring reference to exactly one stored document of one dossier, which a partner
// (the national portal) fetches through `GET /partner-files/{token}` without an account here. The token names the
// dossier, whether the document was handed in or is a result, its id and when the link expires, and carries the
// HMAC-SHA256 of those and of the API's public base URL (PUBLIC_API_URL, so a link of one stage is nothing in another)
// with the PARTNER_FILES_SECRET; nothing of the applicant is in it. A token is read only in the one spelling it was
// signed in: the text is rebuilt from what it names and compared whole.
import { createHmac, timingSafeEqual } from 'node:crypto';

export type PartnerFileKind = 'attachment' | 'result';

export interface PartnerFileRef {
  dossierId: string;
  kind: PartnerFileKind;
  documentId: string;
}

/**
 * How long a link holds: seven days from the sync that sent it. Links are signed when a message is sent, so a retry,
 * a redrive from the DLQ or `national:reconcile` carries new ones, as does every later change of the dossier: the
 * expiry only bounds how long after an accepted sync the portal may fetch. The portal fetches when it takes the
 * message in; a week covers its own queues and a long outage on its side (ASSUMED: no public source says when it
 * fetches). A longer life would leave a leaked link, a bearer credential to a citizen's document, usable for longer.
 */
export const PARTNER_LINK_SECONDS = 7 * 86_400;

/** What links are signed and verified with: the key, and the public base URL they are made under. */
export interface PartnerLinkKey {
  secret: string;
  baseUrl: string;
}

/**
 * How far the reading function's clock may be behind the signing one's: a link reads as lasting at most
 * PARTNER_LINK_SECONDS and this; one signed to last longer is not one this API made.
 */
export const CLOCK_SKEW_SECONDS = 60;

const KIND_CODES: Record<PartnerFileKind, string> = { attachment: 'a', result: 'r' };
const ID = /^[A-Za-z0-9-]{1,64}$/;
// The expiry in base 36 without leading zeros, 8 digits at most (36^8 seconds is past the year 90000): a safe integer.
const TOKEN =
  /^([A-Za-z0-9-]{1,64})\.([ar])\.([A-Za-z0-9-]{1,64})\.([1-9a-z][0-9a-z]{0,7})\.([A-Za-z0-9_-]{43})$/;

/** The base URL as links are made under it: without its trailing slashes. */
const baseOf = (baseUrl: string) => baseUrl.replace(/\/+$/, '');

const macOf = (key: PartnerLinkKey, ref: PartnerFileRef, expiresAt: number) =>
  createHmac('sha256', key.secret)
    .update(
      `mot-cua/partner-file/v2|${baseOf(key.baseUrl)}|${ref.dossierId}|${ref.kind}|${ref.documentId}|${expiresAt}`,
    )
    .digest('base64url');

/** The token of a link to `ref` expiring at `expiresAt` (epoch seconds). */
export function partnerFileToken(key: PartnerLinkKey, ref: PartnerFileRef, expiresAt: number): string {
  if (!ID.test(ref.dossierId) || !ID.test(ref.documentId))
    throw new TypeError('Not a dossier or document id');
  const expires = Math.floor(expiresAt);
  return [
    ref.dossierId,
    KIND_CODES[ref.kind],
    ref.documentId,
    expires.toString(36),
    macOf(key, ref, expires),
  ].join('.');
}

export type ReadToken =
  | { ok: true; ref: PartnerFileRef; expiresAt: number }
  /** `invalid`: not a token this API signed (malformed, tampered, another secret); `expired`: signed, but past. */
  | { ok: false; reason: 'invalid' | 'expired' };

/**
 * What a token refers to, once it is exactly the token this API signs for what it names (constant-time), does not
 * last longer than a link is signed for, and has not expired at `now` (epoch ms).
 */
export function readPartnerFileToken(key: PartnerLinkKey, token: string, now: number): ReadToken {
  const parts = TOKEN.exec(token);
  if (!parts) return { ok: false, reason: 'invalid' };
  const [, dossierId, kindCode, documentId, expires] = parts;
  const ref: PartnerFileRef = {
    dossierId: dossierId!,
    kind: kindCode === 'a' ? 'attachment' : 'result',
    documentId: documentId!,
  };
  const expiresAt = Number.parseInt(expires!, 36);
  const expected = Buffer.from(partnerFileToken(key, ref, expiresAt));
  const given = Buffer.from(token);
  // The signature first: an expiry is told only of a link this API signed.
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'invalid' };
  if (expiresAt * 1000 - now > (PARTNER_LINK_SECONDS + CLOCK_SKEW_SECONDS) * 1000)
    return { ok: false, reason: 'invalid' };
  if (expiresAt * 1000 <= now) return { ok: false, reason: 'expired' };
  return { ok: true, ref, expiresAt };
}

/** The link to `ref`, signed now for PARTNER_LINK_SECONDS, under the key's public base URL. */
export function partnerFileLink(key: PartnerLinkKey, ref: PartnerFileRef, now: number): string {
  const token = partnerFileToken(key, ref, Math.floor(now / 1000) + PARTNER_LINK_SECONDS);
  return `${baseOf(key.baseUrl)}/partner-files/${token}`;
}
