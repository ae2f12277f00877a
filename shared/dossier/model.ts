// Dossier records as stored (the applicant data citizens submit is checked in applicant.ts).
import type { ClockEvent } from '../domain/calendar/deadlines.js';
import type { DossierState, Status, SupplementItem } from '../domain/dossier/status-machine.js';
import type { DocumentSignatures, SignatureVerdictName } from '../domain/dossier/history.js';

export const CHANNELS = ['email', 'sms', 'zalo'] as const;
export type Channel = (typeof CHANNELS)[number];

import type { Applicant } from './applicant.js';

export type { Applicant, CreateDossierInput } from './applicant.js';

/** Pipeline stages a dossier waits in; a sweeper re-sends messages for dossiers that wait too long. */
export type PipelineStage = 'intake' | 'nationalDocuments';

export interface DossierRecord {
  id: string;
  /** Mã hồ sơ, issued when the dossier is submitted. */
  code: string | null;
  procedureCode: string;
  procedureName: string;
  /** The catalog version of the procedure the dossier was submitted under (see shared/catalog/submitted-procedure.ts). */
  procedureVersion?: number;
  receivingUnit: string;
  applicantId: string;
  applicant: Applicant;
  form: Record<string, string | number | boolean>;
  channels: Channel[];
  /** Notification language (older records without one are Vietnamese). */
  language?: 'vi' | 'en';
  state: DossierState;
  status: Status;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  acceptedAt: string | null;
  /** Version for optimistic locking; every write increments it. */
  version: number;
  /**
   * Counts the status machine's moves only: what an officer decided on (the ETag). Recording a notification or a
   * delivery report moves `version`, not this, so it does not invalidate what an officer is looking at.
   */
  revision?: number;
  /** Length of the hash-chained history and the last hash, to append without reading it. */
  historyLength: number;
  lastHash: string;
  /** The open supplement request (phiếu yêu cầu bổ sung): what the applicant must add, asked once. */
  supplementRequest?: { checklist: SupplementItem[]; requestedAt: string } | null;
  /** Where the dossier waits: a pipeline stage (re-driven by the sweeper), or a receiving officer's decision. */
  pendingStage: PipelineStage | 'reception' | null;
  /**
   * The attachments handed in with the submission and supplements: verified, and from then on they cannot be
   * deleted. A document verified later is not among them until a supplement hands it in.
   */
  handedIn: string[];
  /** The processing step the dossier is at, with its own share of the working days (absent before acceptance). */
  step?: CurrentStep | null;
  /** Every agency the dossier is or was at, the receiving unit first. */
  agencies?: string[];
  /** The due date the on-time statistics judge by: set at acceptance, moved by supplements, never by extensions. */
  statutoryDueAt?: number | null;
  /** What moved the deadline (acceptance, supplements, extensions), replayed to recompute it. */
  clock?: ClockEvent[];
  fee?: FeeRequest | null;
  /** Result documents handed over when the dossier was resolved. */
  results?: string[];
  resolvedAt?: string | null;
  releasedAt?: string | null;
  release?: { method: ReleaseMethod } | null;
  rating?: { score: number; comment?: string; at: string } | null;
  /** MaHoSo of a dossier filed on the National Public Service Portal: the sync reports it under this code. */
  nationalCode?: string;
  /** Where the applicant filed it, when not on this system's own portal. */
  submittedVia?: 'national-portal';
  /** Documents of a national-portal dossier that could not be fetched or verified (listed for the officer). */
  nationalDocumentsFailed?: number;
  /** The portal time (NgayCapNhat) of the latest update of the portal's applied: an older one is refused as stale. */
  nationalUpdatedAt?: string;
  /**
   * The applicant was told the dossier awaits a receiving officer: a dossier that goes through intake again (the
   * portal changed its documents before reception) is not announced a second time.
   */
  submittedNotified?: boolean;
}

/**
 * A document of a dossier filed on the national portal: fetched from the portal's link and verified like an upload,
 * then `verified` (its attachment's id) or `failed` with the reason, shown to the receiving officer.
 */
export interface NationalDocumentRecord {
  dossierId: string;
  /** Its position in the portal's TaiLieuNop. */
  index: number;
  documentType: string;
  fileName: string;
  /** The portal's file link (not shown to anyone: it may carry the portal's access token). */
  url: string;
  declaredSize: number | null;
  declaredSha256: string | null;
  /** `replaced`: an update of the portal's superseded it (its attachment, if any, is no longer handed in). */
  status: 'pending' | 'verified' | 'failed' | 'replaced';
  attachmentId: string | null;
  reason: { vi: string; en: string } | null;
  settledAt: string | null;
  /**
   * Every copy a fetch stored or was about to store, each named here before it is written: a fetch that dies between
   * storing a copy and settling the record leaves the record pending and naming it, a later delivery settles the
   * record, and the stage removes every copy its record does not use (fetching.ts).
   */
  copies?: { attachmentId: string; objectKey: string }[];
}

export type ReleaseMethod = 'online' | 'counter' | 'post';

export interface CurrentStep {
  id: string;
  name: string;
  agency: string;
  startedAt: string;
  /** 17:00 on the last working day of the step's share. */
  dueAt: string;
}

export interface FeeRequest {
  items: { name: string; amountVnd: number }[];
  requestedAt: string;
  payment?: { reference: string; method: 'counter' | 'transfer' | 'online'; at: string } | null;
}

export interface AttachmentRecord {
  dossierId: string;
  id: string;
  documentType: string;
  fileName: string;
  contentType: string;
  declaredSize: number;
  /** Where the browser's presigned POST writes. It can be written again until the form expires, so it is never read twice. */
  uploadKey: string;
  /** The verified copy, written by the server and named by its SHA-256: no upload form can replace it. */
  objectKey: string | null;
  status: 'pending' | 'verified';
  size: number | null;
  sha256: string | null;
  createdAt: string;
  verifiedAt: string | null;
  /** A PDF result's signatures as the signature consumer found them (absent until it has checked them). */
  signatureCheck?: SignatureCheck;
}

/** What the verifier found in a result's PDF signatures (shared/signing/verify-pdf.ts), without its reasons' wording. */
export interface SignatureCheck {
  verdict: SignatureVerdictName | 'unsigned';
  checkedAt: string;
  signatures: DocumentSignatures['signatures'];
}

export type NotificationEvent =
  | 'received'
  | 'submitted'
  | 'refused'
  | 'supplement-requested'
  | 'fee-requested'
  /** The fee was paid (online through the platform, or confirmed by an officer): processing resumes. */
  | 'fee-paid'
  | 'result-ready'
  | 'released'
  | 'extended'
  | 'stopped'
  | 'withdrawn'
  /** Replies to an SMS or Zalo inquiry, on the channel it came from (params `replyChannel`, `replyTo`). */
  | 'inquiry-answered'
  | 'inquiry-not-found';

/**
 * Forms the system issues to the applicant (Circular 01/2018/TT-VPCP): rendered once by the documents consumer when
 * their event happens, stored under their SHA-256, and served from storage (shared/dossier/forms.ts).
 */
export type FormType = 'receipt' | 'supplement-request' | 'refusal' | 'apology' | 'stop-notice';

/** A form waiting to be issued (recorded in the same write as its event), then issued with its stored bytes. */
export interface FormRecord {
  dossierId: string;
  /** `receipt` (one per dossier), or the type and the history position of the event that asked for it. */
  id: string;
  type: FormType;
  status: 'pending' | 'issued';
  /** When its event happened: the form is dated then, whenever it is rendered. */
  createdAt: string;
  /** What the form states as of its event, which the dossier may no longer show when it is rendered. */
  params: Record<string, string>;
  objectKey: string | null;
  sha256: string | null;
  /**
   * SHA-256 of the form's content record (canonical JSON of what it states), which its verification QR code names:
   * a PDF cannot carry its own hash. Absent on forms issued before forms were signed.
   */
  contentSha256?: string | null;
  issuedAt: string | null;
}

export interface NotificationRecord {
  dossierId: string;
  id: string;
  event: NotificationEvent;
  status: 'pending' | 'sent' | 'failed';
  createdAt: string;
  params: Record<string, string>;
}
