// The public lookup's rules: who may see a dossier's status by its code (a verifier), what is shown of the
// applicant (a masked name), and the public timeline (status changes and hand-offs, nothing else).
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { HistoryEvent } from './history.js';
import type { Status } from './status-machine.js';

/** Printed on receipts: no 0/O, no 1/I, so it reads back the same over the phone. */
export const PIN_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const PIN_LENGTH = 6;
/** A PIN as the receipt prints it. */
export const PIN = /^[2-9A-HJ-NP-Z]{6}$/;
/** A verifier is the last four digits of the applicant's phone or the receipt's PIN. */
export const VERIFIER = /^(?:[0-9]{4}|[2-9A-HJ-NP-Za-hj-np-z]{6})$/;
/** A signed link's proof: 22 base64url characters (128 bits of an HMAC-SHA-256). */
export const PROOF = /^[A-Za-z0-9_-]{22}$/;

/** Lockout after this many wrong verifiers of one code in one window. */
export const MAX_WRONG_VERIFIERS = 5;

/** "Nguyễn Văn An" → "Nguyễn V. A.": the family name, then the initial of every other name. */
export function maskName(fullName: string): string {
  const [family, ...rest] = fullName.trim().split(/\s+/u);
  if (!family) return '';
  const initials = rest.map((name) => {
    const first = [...name][0]!;
    const upper = first.toLocaleUpperCase('vi');
    // One letter only: a letter whose capital is two (ŉ → ʼN) is shown as written.
    return `${[...upper].length === 1 ? upper : first}.`;
  });
  return [family, ...initials].join(' ');
}

const mac = (secret: string, purpose: string, code: string) =>
  createHmac('sha256', secret).update(`${purpose}\0${code.toUpperCase()}`).digest();

/**
 * The receipt's PIN, derived from the code with the stage's lookup secret: nothing about it is stored, the receipt
 * prints the same PIN each time it is rendered, and only the holder of the secret can compute one.
 */
export function lookupPin(secret: string, code: string): string {
  const bytes = mac(secret, 'pin', code);
  return Array.from(bytes.subarray(0, PIN_LENGTH), (byte) => PIN_ALPHABET[byte % 32]).join('');
}

/** The proof a signed lookup link carries: whoever scanned the receipt's QR code holds it. */
export function lookupProof(secret: string, code: string): string {
  return mac(secret, 'link', code).subarray(0, 16).toString('base64url');
}

/** Compares in time independent of where the texts differ (equal lengths: the schemas fix them). */
export function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  // Unequal lengths still cost one comparison, of the left with itself.
  return timingSafeEqual(left, left.length === right.length ? right : left) && left.length === right.length;
}

export type Verifier = { kind: 'verifier'; value: string } | { kind: 'proof'; value: string };

/** Whether a verifier or a link's proof opens this dossier: the same work whichever it is and whether it holds. */
export function verifies(secret: string, code: string, applicantPhone: string, verifier: Verifier): boolean {
  const pin = lookupPin(secret, code);
  const proof = lookupProof(secret, code);
  if (verifier.kind === 'proof') return sameText(proof, verifier.value);
  const given = verifier.value.toUpperCase();
  const lastDigits = applicantPhone.slice(-4).padStart(4, '-');
  return given.length === 4 ? sameText(lastDigits, given) : sameText(pin, given);
}

export interface PublicTimelineEntry {
  at: string;
  action: string;
  from: Status;
  to: Status;
  /** The agency the dossier went to, on a hand-off. */
  agency: string | null;
}

/** Actions that hand a dossier to another step or agency, even where its status stays the same. */
const HAND_OFFS = new Set<HistoryEvent['action']>(['start-processing', 'forward', 'return']);

/** The agency a hand-off's note names (`agency=…`, written by the product before any typed text). */
function handedTo(event: HistoryEvent): string | null {
  const match = /(?:^|[\s;])agency=([^\s;]+)/.exec(event.note ?? '');
  return match?.[1] ?? null;
}

/**
 * Status changes and hand-offs with their dates. Notes, actors, documents and notifications stay inside: the
 * agency of a hand-off is the only fact taken from a note.
 */
export function publicTimeline(history: readonly HistoryEvent[]): PublicTimelineEntry[] {
  return history
    .filter((event) => event.from !== event.to || HAND_OFFS.has(event.action))
    .map((event) => ({
      at: new Date(event.at).toISOString(),
      action: event.action,
      from: event.from,
      to: event.to,
      agency: HAND_OFFS.has(event.action) ? handedTo(event) : null,
    }));
}

/** A Vietnamese mobile number in one form, `84` and nine digits, whichever way it was written. */
export function normalizePhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.startsWith('84') ? digits : digits.replace(/^0/, '84');
}

/** A phone number keyed with the lookup secret: who sent a message is compared without keeping the number. */
export const phoneKey = (secret: string, phone: string) =>
  mac(secret, 'phone', normalizePhone(phone)).toString('base64url');

/** `TRACUU <code>` (any case, any spacing, "TRA CUU" too): the code asked about, or null for any other message. */
export function inquiryCode(text: string): string | null {
  const match = /^\s*TRA\s*CUU\s+(\S+)\s*$/iu.exec(text.normalize('NFD').replace(/\p{M}/gu, ''));
  return match ? match[1]!.toUpperCase() : null;
}
