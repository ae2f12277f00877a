// The dossier's control sheet (phiếu kiểm soát): append-only events, each hash-chained to the one before.
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { Actor, ActionType, Status } from './status-machine.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface HistoryEventInput {
  /** `reassigned`: a re-organisation moved the dossier to the unit that took over (its note says from and into). */
  action:
    | ActionType
    | 'created'
    | 'intake-checked'
    | 'notified'
    | 'delivery-status'
    /** A status inquiry by SMS or Zalo (`TRACUU <code>`), whoever sent it. */
    | 'inquiry-received'
    | 'reassigned'
    | 'form-issued'
    /** A national-portal dossier's documents, fetched and checked (its note counts the verified and the failed). */
    | 'national-documents-checked'
    /** The national portal's update of a dossier filed there (its note says what changed). */
    | 'national-updated';
  actor: Actor;
  /** Epoch milliseconds. */
  at: number;
  from: Status;
  to: Status;
  note?: string;
  /** SHA-256 of the documents this event concerns (received, requested, issued). */
  documentHashes?: string[];
  /** The signatures found on the result documents this event hands over (resolve), as the verifier judged them. */
  signatures?: DocumentSignatures[];
}

export type SignatureVerdictName = 'valid' | 'untrusted' | 'expired' | 'modified' | 'malformed';

/** One result document's signatures: its verdict (`unsigned` without any) and each signature's signer and time. */
export interface DocumentSignatures {
  resultId: string;
  fileName: string;
  sha256: string;
  verdict: SignatureVerdictName | 'unsigned' | 'not-pdf';
  signatures: {
    verdict: SignatureVerdictName;
    signer: { commonName: string | null; organization: string | null } | null;
    signedAt: string | null;
    coversWholeDocument: boolean;
  }[];
}

export interface HistoryEvent extends Required<Omit<HistoryEventInput, 'note' | 'signatures'>> {
  /** Only on events that hand over results: absent elsewhere, so older events hash as they always did. */
  signatures?: DocumentSignatures[];
  /** 1-based position in the dossier's history. */
  seq: number;
  id: string;
  note: string | null;
  prevHash: string;
  hash: string;
}

export function hashEvent(event: Omit<HistoryEvent, 'hash'>): string {
  const text = canonicalize(event);
  if (text === undefined) throw new TypeError('History event cannot be canonicalized');
  return createHash('sha256').update(text).digest('hex');
}

/** A new event chained to the end of `history`. */
export function appendEvent(
  history: readonly HistoryEvent[],
  dossierId: string,
  input: HistoryEventInput,
): HistoryEvent {
  return appendAfter(history.at(-1) ?? null, dossierId, input);
}

/** A new event chained after the last one, knowing only its position and hash. */
export function appendAfter(
  previous: Pick<HistoryEvent, 'seq' | 'hash'> | null,
  dossierId: string,
  input: HistoryEventInput,
): HistoryEvent {
  const seq = (previous?.seq ?? 0) + 1;
  const unhashed: Omit<HistoryEvent, 'hash'> = {
    seq,
    id: `${dossierId}#${String(seq).padStart(6, '0')}`,
    action: input.action,
    actor: { ...input.actor },
    at: input.at,
    from: input.from,
    to: input.to,
    note: input.note ?? null,
    documentHashes: [...(input.documentHashes ?? [])],
    ...(input.signatures ? { signatures: structuredClone(input.signatures) } : {}),
    prevHash: previous?.hash ?? GENESIS_HASH,
  };
  return { ...unhashed, hash: hashEvent(unhashed) };
}

export type ChainVerification =
  | { valid: true; length: number }
  | { valid: false; brokenAt: number; reason: 'hash-mismatch' | 'link-mismatch' | 'sequence-gap' };

/** Checks every link; reports the first event (0-based index) whose content or link does not match. */
export function verifyChain(history: readonly HistoryEvent[]): ChainVerification {
  let prevHash = GENESIS_HASH;
  for (const [index, event] of history.entries()) {
    if (event.seq !== index + 1) return { valid: false, brokenAt: index, reason: 'sequence-gap' };
    if (event.prevHash !== prevHash) return { valid: false, brokenAt: index, reason: 'link-mismatch' };
    const { hash, ...rest } = event;
    if (hashEvent(rest) !== hash) return { valid: false, brokenAt: index, reason: 'hash-mismatch' };
    prevHash = hash;
  }
  return { valid: true, length: history.length };
}
