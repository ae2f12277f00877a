// Partner file links: a signed, expiring reference to exactly one stored document of one dossier, which a partner
// (the national portal) fetches through `GET /partner-files/{token}` without an account here. The token names the
// dossier, whether the document was handed in or is a result, its id and when the link expires, and carries the
// HMAC-SHA256 of those with the PARTNER_FILES_SECRET; nothing of the applicant is in it.
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

const KIND_CODES: Record<PartnerFileKind, string> = { attachment: 'a', result: 'r' };
const ID = /^[A-Za-z0-9-]{1,64}$/;
const TOKEN = /^([A-Za-z0-9-]{1,64})\.([ar])\.([A-Za-z0-9-]{1,64})\.([0-9a-z]{1,12})\.([A-Za-z0-9_-]{43})$/;

const macOf = (secret: string, ref: PartnerFileRef, expiresAt: number) =>
  createHmac('sha256', secret)
    .update(`mot-cua/partner-file/v1|${ref.dossierId}|${ref.kind}|${ref.documentId}|${expiresAt}`)
    .digest('base64url');

/** The token of a link to `ref` expiring at `expiresAt` (epoch seconds). */
export function partnerFileToken(secret: string, ref: PartnerFileRef, expiresAt: number): string {
  if (!ID.test(ref.dossierId) || !ID.test(ref.documentId))
    throw new TypeError('Not a dossier or document id');
  const expires = Math.floor(expiresAt).toString(36);
  return [
    ref.dossierId,
    KIND_CODES[ref.kind],
    ref.documentId,
    expires,
    macOf(secret, ref, Math.floor(expiresAt)),
  ].join('.');
}

export type ReadToken =
  | { ok: true; ref: PartnerFileRef; expiresAt: number }
  /** `invalid`: not a token this API signed (malformed, tampered, another secret); `expired`: signed, but past. */
  | { ok: false; reason: 'invalid' | 'expired' };

/** What a token refers to, once its signature holds (constant-time) and it has not expired at `now` (epoch ms). */
export function readPartnerFileToken(secret: string, token: string, now: number): ReadToken {
  const parts = TOKEN.exec(token);
  if (!parts) return { ok: false, reason: 'invalid' };
  const [, dossierId, kindCode, documentId, expires, mac] = parts;
  const ref: PartnerFileRef = {
    dossierId: dossierId!,
    kind: kindCode === 'a' ? 'attachment' : 'result',
    documentId: documentId!,
  };
  const expiresAt = Number.parseInt(expires!, 36);
  const expected = Buffer.from(macOf(secret, ref, expiresAt));
  const given = Buffer.from(mac!);
  // The signature first: an expiry is told only of a link this API signed.
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'invalid' };
  if (expiresAt * 1000 <= now) return { ok: false, reason: 'expired' };
  return { ok: true, ref, expiresAt };
}

/** The link to `ref`, signed now for PARTNER_LINK_SECONDS, under the API's public base URL. */
export function partnerFileLink(baseUrl: string, secret: string, ref: PartnerFileRef, now: number): string {
  const token = partnerFileToken(secret, ref, Math.floor(now / 1000) + PARTNER_LINK_SECONDS);
  return `${baseUrl.replace(/\/+$/, '')}/partner-files/${token}`;
}
