// Dossier storage in DynamoDB: the dossier, its hash-chained history, attachments and notifications under one
// partition, written together in transactions guarded by the dossier's version. Reads by key or index only.
// A dossier is two items: its root (state, clock, step: what every transition rewrites, kept under 1 KB) and its
// applicant item (applicant, form, channels, language), written at creation and again only when it changes. Every
// read of a whole dossier gets both in the one call it makes; the agencies' lists read the root's index copies only.
import { randomUUID } from 'node:crypto';
import {
  BatchGetCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { batchGetAll } from '../aws/batch-get.js';
import { queryAll } from '../aws/query-all.js';
import { jitteredPause } from '../retry.js';
import type { LineLeft } from './code-line.js';
import type { HistoryEvent } from '../domain/dossier/history.js';
import type { AllowanceName, AllowanceWindow } from '../domain/dossier/citizen-limits.js';
import type {
  AttachmentRecord,
  DossierRecord,
  FormRecord,
  NationalDocumentRecord,
  NotificationRecord,
  PipelineStage,
} from './model.js';
import {
  INBOX_ATTRIBUTES,
  inboxKeys,
  receivedKey,
  type ListedDossier,
  type RootListedDossier,
} from './workplace.js';
import { counterChanges } from '../domain/dossier/on-time.js';
import { counterUpdates, OPEN_ATTRIBUTES, openKeys, submittedKeys } from './statistics.js';
import { outboxEntry, type OutboxEntry } from '../events/model.js';
import { submittedDayKeys } from '../adapters/national-portal/index-keys.js';
import {
  isLedgerStage,
  ledgerItem,
  ledgerKey,
  ledgerPk,
  outboxSince,
  type LedgerStage,
} from './pending-work.js';

export const DOSSIER_INDEX_BY_APPLICANT = 'byApplicant';
export const DOSSIER_INDEX_BY_STAGE = 'byStage';
/** The item naming the dossier a code was issued to, written with the submission that issues it: the public lookup's key. */
export const codeKey = (code: string) => ({ pk: `CODE#${code}`, sk: '#' });

const pk = (id: string) => `DOSSIER#${id}`;
const idOf = (item: Record<string, unknown>) => String(item.pk).slice('DOSSIER#'.length);
const ROOT = '#';
/** The key of a dossier's root item, for readers outside this module (the access log's dossier codes). */
export const dossierRootKey = (id: string) => ({ pk: pk(id), sk: ROOT });

/** The key of one of a dossier's documents: one handed in (`attachment`) or a result. */
export const documentKey = (dossierId: string, kind: 'attachment' | 'result', id: string) => ({
  pk: pk(dossierId),
  sk: `${kind === 'attachment' ? ATTACHMENT : RESULT}${id}`,
});

/** The partition of an agency's access log: the administrators read it by key range, in time order. */
export const accessLogPk = (agency: string) => `ACCESS#${agency}`;

/**
 * An access log entry's item: in its agency's partition (the log grows with every read, and the dossier's own reads
 * never load it), sorted by time and dossier with no index to keep, each entry new (a random suffix), so two reads
 * in one millisecond are two entries.
 */
export const accessLogItem = (entry: AccessEntry) => ({
  pk: accessLogPk(entry.agency),
  sk: `${entry.at}#${entry.dossierId}#${entry.officer}#${randomUUID()}`,
  access: entry,
  // The sort key's first part, which the administrators' pages are ordered by.
  accessAt: `${entry.at}#${entry.dossierId}`,
});
const ATTACHMENT = 'ATTACHMENT#';
const RESULT = 'RESULT#';
/** Sorts right after every `ATTACHMENT#…` key ('$' follows '#'), and before `EVENT#…`. */
const AFTER_ATTACHMENTS = 'ATTACHMENT$';

export type WaitingStage = PipelineStage | 'notify' | 'form' | 'outbox';

/**
 * A dossier waiting in a pipeline stage (its root's stage index entry), or a piece of its pending work (a notification,
 * a form, an outbox entry: its ledger entry), since when, and how often it was re-sent.
 */
export interface Waiting {
  dossierId: string;
  notificationId?: string;
  formId?: string;
  outboxId?: string;
  /** An outbox entry's events, which its ledger entry holds. */
  outbox?: OutboxEntry;
  since: string;
  resends: number;
}

export class VersionConflictError extends Error {
  override name = 'VersionConflictError';
}

/** A conditional write committed with a dossier (`uses.writes`) found its item not as it expected. */
export class WriteConditionError extends Error {
  override name = 'WriteConditionError';
}

/**
 * An item of another record (a payment) written in a dossier's transaction, with the condition its state must meet:
 * its change and the dossier's are all or nothing.
 */
export interface ConditionalPut {
  item: Record<string, unknown>;
  condition: string;
  names?: Record<string, string>;
  values?: Record<string, unknown>;
}

/** Another submission of the same unit took the code first. */
export class SequenceTakenError extends Error {
  override name = 'SequenceTakenError';
  constructor() {
    super('The dossier code was issued meanwhile');
  }
}

/** A citizen's allowance for this window is used up: nothing was written. */
export class AllowanceExhaustedError extends Error {
  override name = 'AllowanceExhaustedError';
  constructor(readonly allowance: AllowanceName) {
    super(`The ${allowance} allowance is used up`);
  }
}

/** A dossier holds as many attachments as it may: nothing was written. */
export class AttachmentLimitError extends Error {
  override name = 'AttachmentLimitError';
}

/** A dossier holds as many result documents as it may: nothing was written. */
export class ResultLimitError extends Error {
  override name = 'ResultLimitError';
}

/** A change to a citizen's allowance counter that commits with the write it belongs to. */
export interface AllowanceUse {
  window: AllowanceWindow;
  /** +1 consumes a place (refused at `max`), -1 gives one back. */
  delta: 1 | -1;
  max?: number;
}

/** The unit's daily code counter moves from `lastIssued` to `lastIssued + 1` with the submission that uses the code. */
export interface SequenceUse {
  unit: string;
  date: string;
  lastIssued: number;
}

/** A delivery report received and stored, waiting to be written into the dossier's hash-chained history. */
export interface PendingDeliveryReport {
  webhookId: string;
  receivedAt: number;
  report: { trackingId: string; status: string; providerMessageId?: string; reason?: string };
}

export interface DossierRepository {
  /** The dossier with its attachments, results and history (null when there is none). */
  /**
   * The dossier with everything it holds, read strongly consistent unless `consistent: false` (half the read
   * capacity; for a reader that checks it saw the change it was told of, and reads again when not).
   */
  getForStaff(id: string, options?: { consistent?: boolean }): Promise<StaffRecord | null>;
  recordAccess(entry: AccessEntry): Promise<void>;
  /** Records an officer's new result document awaiting its upload, in one of the dossier's `max` places (ResultLimitError when none is left). */
  addResult(result: AttachmentRecord, max: number): Promise<void>;
  /** Records the verification of a pending result; false when it is no longer pending. */
  verifyResult(result: AttachmentRecord): Promise<boolean>;
  /** Deletes a result still pending and gives its place back; false when it is no longer pending. */
  deletePendingResult(dossierId: string, id: string): Promise<boolean>;
  /** One result document by key (null when there is none). */
  getResult(dossierId: string, id: string): Promise<AttachmentRecord | null>;
  /** Records a verified result's signature check once; false when it is gone, holds other bytes or was checked. */
  recordResultSignatures(result: AttachmentRecord): Promise<boolean>;
  /** Creates a draft, consuming the allowances given (AllowanceExhaustedError when one is used up). */
  create(dossier: DossierRecord, events: HistoryEvent[], allowances?: AllowanceUse[]): Promise<void>;
  /**
   * Creates a dossier submitted elsewhere (the national portal) with its code and the conditional writes given, in one
   * transaction with its outbox entry: SequenceTakenError when the code was issued meanwhile, WriteConditionError when
   * a write's condition failed (checked first: a write that failed means the dossier exists already).
   */
  createSubmitted(
    dossier: DossierRecord,
    events: HistoryEvent[],
    uses: { sequence: SequenceUse; writes: ConditionalPut[] },
  ): Promise<void>;
  get(id: string): Promise<DossierRecord | null>;
  /** The dossier and its attachments in one read (they sort next to each other in its partition). */
  getWithAttachments(id: string): Promise<{ dossier: DossierRecord; attachments: AttachmentRecord[] } | null>;
  /** The dossier and one of its notifications in one read. */
  getWithNotification(
    id: string,
    notificationId: string,
  ): Promise<{ dossier: DossierRecord | null; notification: NotificationRecord | null }>;
  listByApplicant(
    applicantId: string,
    limit: number,
    after?: { createdAt: string; id: string },
  ): Promise<{ items: DossierRecord[]; more: boolean }>;
  /**
   * Writes the new dossier with its new history events and notifications, if nobody changed it since
   * `expectedVersion`, together with the code counter and allowance counters it uses (all or nothing).
   * Throws VersionConflictError, SequenceTakenError or AllowanceExhaustedError, in that order of precedence.
   */
  commit(
    dossier: DossierRecord,
    expectedVersion: number,
    events: HistoryEvent[],
    notifications?: NotificationRecord[],
    uses?: {
      sequence?: SequenceUse;
      allowances?: AllowanceUse[];
      joins?: string[];
      forms?: FormRecord[];
      writes?: ConditionalPut[];
      /**
       * Commits only while the dossier's uploads hold at most this many places (its places counter), else
       * AttachmentLimitError: a national-portal supplement's documents take the places uploads do not hold.
       */
      uploadsAtMost?: number;
    },
  ): Promise<void>;
  /** The dossier and one of its forms in one read. */
  getWithForm(
    id: string,
    formId: string,
  ): Promise<{ dossier: DossierRecord | null; form: FormRecord | null }>;
  /**
   * Records a pending form as issued together with the history event that records it, if the dossier is still at
   * `expectedVersion` and the form still pending (VersionConflictError otherwise: read both again).
   */
  completeForm(
    dossier: DossierRecord,
    expectedVersion: number,
    form: FormRecord,
    events: HistoryEvent[],
    /** Written in the same transaction (the verification registry's items of the form). */
    writes?: ConditionalPut[],
  ): Promise<void>;
  /** The last sequence number a unit issued on a day (0 when none). */
  lastIssuedSequence(unit: string, date: string): Promise<number>;
  /**
   * A place in the line of submissions waiting for a unit's next code on a day: the line's counter moved on
   * atomically, so no two waiters get the same place (code-line.ts).
   */
  takeCodePlace(unit: string, date: string): Promise<number>;
  /**
   * The unit's counter and the places of its line whose holders are done (a code committed, or gone without one):
   * every place up to `floor`, and `done` after it; read strongly consistent.
   */
  codeLine(unit: string, date: string): Promise<{ lastIssued: number } & LineLeft>;
  /**
   * Marks a place done (its holder committed its code, or leaves without one); the line's places left after it, or
   * null when a fold took the place in already (passed by FOLD_AT done places: the done set holds none up to the floor).
   */
  leaveCodeLine(unit: string, date: string, place: number): Promise<LineLeft | null>;
  /**
   * Moves the line's floor from `from` to `to` (every place up to it left), the places after `from` up to `to`
   * leaving the done set; nothing when the floor is no longer `from` (another leaver folded first).
   */
  foldCodeLine(unit: string, date: string, from: number, to: number): Promise<void>;
  history(id: string): Promise<HistoryEvent[]>;
  /** The dossier and its history in one Query (what the public lookup answers from); null when there is none. */
  getWithHistory(id: string): Promise<{ dossier: DossierRecord | null; history: HistoryEvent[] }>;
  /**
   * Records a new attachment awaiting its upload, in one of the dossier's `max` places for uploads (the places
   * counter: AttachmentLimitError when none is left). With `unchangedVersion`, only if the dossier is still at that
   * version (VersionConflictError otherwise): a national-portal dossier's own documents, which leave fewer places,
   * change only by version-guarded commits.
   */
  addAttachment(attachment: AttachmentRecord, max: number, unchangedVersion?: number): Promise<void>;
  /** Records the verification of a pending attachment; false when it is no longer pending (verified or deleted meanwhile). */
  verifyAttachment(attachment: AttachmentRecord): Promise<boolean>;
  /** Deletes a pending attachment; false when it is no longer pending (verified or deleted meanwhile). */
  deletePendingAttachment(dossierId: string, id: string): Promise<boolean>;
  /**
   * Deletes a verified attachment and moves the dossier's version on, if nobody changed the dossier since
   * `expectedVersion`: a submission that read the dossier before then fails its version guard. False when it changed.
   */
  deleteVerifiedAttachment(dossierId: string, expectedVersion: number, id: string): Promise<boolean>;
  /** Marks a notification sent together with the history events that record it. */
  completeNotification(
    dossier: DossierRecord,
    expectedVersion: number,
    notification: NotificationRecord,
    events: HistoryEvent[],
  ): Promise<void>;
  /** Stores a delivery report once per webhook id, without touching the dossier; false for a duplicate. */
  storeDeliveryReport(dossierId: string, pending: PendingDeliveryReport): Promise<boolean>;
  /** The dossier and the delivery reports stored but not yet in its history, oldest first. */
  withPendingDeliveryReports(
    id: string,
  ): Promise<{ dossier: DossierRecord | null; reports: PendingDeliveryReport[] }>;
  /** Writes the events recording pending reports and clears those reports, if the dossier is still at `expectedVersion`. */
  foldDeliveryReports(
    dossier: DossierRecord,
    expectedVersion: number,
    events: HistoryEvent[],
    webhookIds: string[],
  ): Promise<void>;
  /** Dossiers waiting for a receiving officer of `unit`, oldest first, after the `after` position. */
  awaitingReception(
    unit: string,
    limit: number,
    after?: { since: string; id: string },
  ): Promise<{ items: DossierRecord[]; more: boolean }>;
}

/** Everything staff see of one dossier, read in one query of its partition. */
export interface StaffRecord {
  dossier: DossierRecord;
  attachments: AttachmentRecord[];
  results: AttachmentRecord[];
  history: HistoryEvent[];
  /** A national-portal dossier's documents, fetched or failed (none for other dossiers). */
  nationalDocuments?: NationalDocumentRecord[];
}

/** A staff read of a dossier's personal data or documents: who, from which agency, what, when. */
export interface AccessEntry {
  dossierId: string;
  at: string;
  officer: string;
  agency: string;
  /**
   * `ledger`: the dossier was a row of the unit's tracking ledger (its applicant's name); `partner-download`: a
   * partner (`officer` names it, e.g. `national-portal`) fetched `documents` through a partner file link.
   */
  what: 'view' | 'download-links' | 'ledger' | 'partner-download';
  documents: string[];
}

/** Which inbox list to read: an index, its partition, and the due-date bound (exclusive) if any. */
export interface InboxQuery {
  index: string;
  partition: { name: string; value: string };
  sortName: string;
  before?: string;
  notBefore?: string;
  limit: number;
  after?: { sortValue: string; id: string };
}

/** Dossiers an agency works on, by due date or received date, and whether more follow. */
export interface InboxPort {
  inbox(query: InboxQuery): Promise<{ items: ListedDossier[]; more: boolean }>;
  /**
   * Every dossier that is or was at the agency, most recently received first; with `received`, only those received
   * in [notBefore, before) (received keys), oldest first.
   */
  everything(
    agency: string,
    limit: number,
    after?: { sortValue: string; id: string },
    received?: { notBefore: string; before: string },
  ): Promise<{ items: RootListedDossier[]; more: boolean }>;
}

export const DOSSIER_INDEX_BY_AGENCY_ALL = 'byAgencyAll';

/** What waits in the pipeline stages, for the sweeper (a port of its own: no other function carries it). */
export interface WaitingList {
  /** Dossiers waiting in a stage, or pending work still to do, since before `before` (ISO time), oldest first. */
  waiting(stage: WaitingStage, before: string, limit: number): Promise<Waiting[]>;
  /**
   * Puts a re-sent item back in line, waiting from `since` and counted as re-sent `resends` times (one more than
   * before unless told); false when it moved on (its work done) meanwhile.
   */
  deferResend(stage: WaitingStage, item: Waiting, since: string, resends?: number): Promise<boolean>;
}

/**
 * The parts of a dossier kept out of its root, each in an item of the dossier's partition that a commit writes only
 * when its content changed: the applicant's data (written at creation), and the papers, what grows with the documents
 * and requests (documents handed in, results, the deadline clock, an open supplement request, a fee, the rating).
 * `carrier` is an object of the part that the aggregate passes on unchanged (spreading a record keeps it).
 */
const PARTS = {
  applicant: {
    sk: '#APPLICANT',
    fields: ['applicantId', 'applicant', 'form', 'channels', 'language'],
    carrier: (dossier: DossierRecord): object => dossier.applicant,
  },
  papers: {
    sk: '#PAPERS',
    fields: ['handedIn', 'results', 'clock', 'supplementRequest', 'fee', 'rating'],
    carrier: (dossier: DossierRecord): object => dossier.handedIn,
  },
} as const satisfies Record<
  string,
  { sk: string; fields: readonly (keyof DossierRecord)[]; carrier: (dossier: DossierRecord) => object }
>;
type PartName = keyof typeof PARTS;
const PART_NAMES = Object.keys(PARTS) as PartName[];
const PART_FIELDS = new Set<string>(PART_NAMES.flatMap((name) => PARTS[name].fields));
/** The root and its parts sort first in the partition ('#' < '#APPLICANT' < '#PAPERS' < every other key). */
const LAST_PART = PARTS.papers.sk;

function partContent(dossier: DossierRecord, name: PartName): Record<string, unknown> {
  const record = dossier as unknown as Record<string, unknown>;
  return Object.fromEntries(
    PARTS[name].fields.flatMap((field) => (record[field] === undefined ? [] : [[field, record[field]]])),
  );
}

/**
 * What each part held when the repository read it, by the part's carrier: a commit of a dossier whose part still
 * holds that leaves the part's item alone. A part the repository never read (or that changed) is written.
 */
const storedParts = Object.fromEntries(
  PART_NAMES.map((name) => [name, new WeakMap<object, string>()]),
) as Record<PartName, WeakMap<object, string>>;
const fingerprint = (dossier: DossierRecord, name: PartName) =>
  `${dossier.id}|${JSON.stringify(partContent(dossier, name))}`;
const changedParts = (dossier: DossierRecord) =>
  PART_NAMES.filter(
    (name) => storedParts[name].get(PARTS[name].carrier(dossier)) !== fingerprint(dossier, name),
  );

/**
 * Times the root keeps as epoch milliseconds (8 bytes rather than 24) and the history hash it keeps as bytes (32
 * rather than 64), each only when it reads back as the same text: the item every transition rewrites stays small.
 */
const TIMES = new Set(['createdAt', 'updatedAt', 'submittedAt', 'acceptedAt', 'resolvedAt', 'releasedAt']);
const STEP_TIMES = ['startedAt', 'dueAt'] as const;
const HASH = /^[0-9a-f]{64}$/;

const storedTime = (value: unknown) =>
  typeof value === 'string' && new Date(Date.parse(value)).toISOString() === value
    ? Date.parse(value)
    : value;
const readTime = (value: unknown) => (typeof value === 'number' ? new Date(value).toISOString() : value);

function storedField(field: string, value: unknown): unknown {
  if (TIMES.has(field)) return storedTime(value);
  if (field === 'lastHash' && typeof value === 'string' && HASH.test(value)) return Buffer.from(value, 'hex');
  if (field === 'step' && value) {
    const step = { ...(value as Record<string, unknown>) };
    for (const name of STEP_TIMES) step[name] = storedTime(step[name]);
    return step;
  }
  return value;
}

function readField(field: string, value: unknown): unknown {
  if (TIMES.has(field)) return readTime(value);
  if (field === 'lastHash' && value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  if (field === 'step' && value) {
    const step = { ...(value as Record<string, unknown>) };
    for (const name of STEP_TIMES) step[name] = readTime(step[name]);
    return step;
  }
  return value;
}

/** The item every transition rewrites: the dossier without its parts, but for the applicant's name the lists show. */
function rootItem(dossier: DossierRecord) {
  const state = Object.fromEntries(
    Object.entries(dossier).flatMap(([field, value]) =>
      field === 'id' || PART_FIELDS.has(field) ? [] : [[field, storedField(field, value)]],
    ),
  );
  return {
    pk: pk(dossier.id),
    sk: ROOT,
    ...state,
    applicantName: dossier.applicant.fullName,
    ...(dossier.pendingStage ? { stagePk: stageKey(dossier), stageSince: dossier.updatedAt } : {}),
    ...inboxKeys(dossier),
    ...openKeys(dossier),
    ...submittedKeys(dossier),
  };
}

/**
 * A part's item; the applicant's is listed in the applicant's own dossiers (by creation date). `writtenAt` says when
 * the item was last written.
 */
function partItem(dossier: DossierRecord, name: PartName) {
  return {
    pk: pk(dossier.id),
    sk: PARTS[name].sk,
    ...partContent(dossier, name),
    ...(name === 'applicant'
      ? {
          applicantPk: `APPLICANT#${dossier.applicantId}`,
          applicantSk: `${dossier.createdAt}#${dossier.id}`,
        }
      : {}),
    writtenAt: dossier.updatedAt,
  };
}

/** Reception is listed per receiving unit; pipeline stages are swept across units. */
const receptionKey = (unit: string) => `reception#${unit}`;
const stageKey = (dossier: DossierRecord) =>
  dossier.pendingStage === 'reception' ? receptionKey(dossier.receivingUnit) : dossier.pendingStage;

/** The root's own fields (its index keys and the list copy of the name left out). */
function rootFields(item: Record<string, unknown>): Record<string, unknown> {
  const { pk: _pk, sk: _sk, stagePk: _sp, stageSince: _ss, resends: _rs, applicantName: _an, ...rest } = item;
  const fields: Record<string, unknown> = { id: idOf(item) };
  for (const [field, value] of Object.entries(rest)) fields[field] = readField(field, value);
  for (const name of [...INBOX_ATTRIBUTES, ...OPEN_ATTRIBUTES]) delete fields[name];
  return fields;
}

/** A dossier as the agencies' lists see it: the root (or its index copy), with the applicant's name. */
function listedFrom(item: Record<string, unknown>): ListedDossier {
  return {
    ...rootFields(item),
    applicant: { fullName: String(item.applicantName) },
  } as unknown as ListedDossier;
}

/** The dossier among a partition's items (null unless its root and every part are there). */
function dossierIn(items: Record<string, unknown>[]): DossierRecord | null {
  const root = items.find((item) => item.sk === ROOT);
  const parts = PART_NAMES.map((name) => items.find((item) => item.sk === PARTS[name].sk));
  if (!root || parts.some((part) => !part)) return null;
  const dossier = { ...rootFields(root) } as Record<string, unknown>;
  PART_NAMES.forEach((name, index) => {
    for (const field of PARTS[name].fields) {
      const value = parts[index]![field];
      if (value !== undefined) dossier[field] = value;
    }
  });
  const whole = dossier as unknown as DossierRecord;
  for (const name of PART_NAMES) storedParts[name].set(PARTS[name].carrier(whole), fingerprint(whole, name));
  return whole;
}

/** The keys of a dossier's root and parts. */
const dossierKeys = (id: string) =>
  [ROOT, ...PART_NAMES.map((name) => PARTS[name].sk)].map((sk) => ({ pk: pk(id), sk }));

function eventItem(dossierId: string, event: HistoryEvent) {
  return { pk: pk(dossierId), sk: `EVENT#${String(event.seq).padStart(6, '0')}`, event };
}

/** How many attachments a dossier holds, pending ones included: the place an upload request takes. */
const ATTACHMENT_COUNT = 'COUNT#attachments';
/** The same for result documents, which officers add while the dossier is processed. */
const RESULT_COUNT = 'COUNT#results';
/** A national-portal dossier's documents (shared/adapters/national-portal/inbound-repository.ts writes them). */
const NATIONAL_DOCUMENT = 'NATIONALDOC#';
/** Sorts before the dossier's root item ('!' precedes '#'): reports not yet written into its history. */
const PENDING_REPORT = '!REPORT#';
const REPORT_RECEIVED = 'REPORT#';
const allowanceKey = (window: AllowanceWindow) => ({ pk: `ALLOWANCE#${window.key}`, sk: ROOT });
const sequenceKey = (unit: string, date: string) => ({ pk: `SEQ#${unit}#${date}`, sk: ROOT });
/** The line of submissions waiting for the unit's next code: beside its counter, never in its transactions. */
const codeLineKey = (unit: string, date: string) => ({ pk: `SEQ#${unit}#${date}`, sk: 'LINE' });
/** The line goes with its day (DynamoDB's TTL), a day after the day ends. */
const codeLineExpiry = (date: string) => Math.ceil(Date.parse(`${date}T00:00:00+07:00`) / 1000) + 2 * 86_400;
/** The places a line item says are left: up to its floor, and its done set after it. */
const lineLeft = (item: Record<string, unknown> | undefined): LineLeft => ({
  floor: Number(item?.floor ?? 0),
  done: [...((item?.done as Set<number> | undefined) ?? [])].map(Number),
});
/** Counters outlive their window by a day, then DynamoDB's TTL removes them. */
const expiresAfter = (window: AllowanceWindow) => Math.ceil(window.endsAt / 1000) + 86_400;

/** The dossier is or was at this agency: listed in the agency's "all" view, by the date it was received. */
function membershipItem(dossier: ListedDossier, agency: string) {
  return {
    pk: pk(dossier.id),
    sk: `AT#${agency}`,
    memberAgency: agency,
    memberReceived: receivedKey(dossier),
  };
}

function attachmentItem(attachment: AttachmentRecord) {
  return { pk: pk(attachment.dossierId), sk: `${ATTACHMENT}${attachment.id}`, attachment };
}

/** The condition of a write that acts on an attachment only while its upload is not verified yet. */
const WHILE_PENDING = {
  ConditionExpression: 'attachment.#status = :pending',
  ExpressionAttributeNames: { '#status': 'status' },
  ExpressionAttributeValues: { ':pending': 'pending' },
};

/** Reads items by key, 100 to a call, until none is left unprocessed. */
function batchRead(
  client: DynamoDBDocumentClient,
  TableName: string,
  keys: Record<string, unknown>[],
  ConsistentRead: boolean,
): Promise<Record<string, unknown>[]> {
  return batchGetAll(async (Keys) => {
    const result: BatchGetCommandOutput = await client.send(
      new BatchGetCommand({ RequestItems: { [TableName]: { Keys, ConsistentRead } } }),
    );
    return {
      items: result.Responses?.[TableName] ?? [],
      unprocessed: result.UnprocessedKeys?.[TableName]?.Keys,
    };
  }, keys);
}

/** Runs a conditional write: false when its condition did not hold. */
async function conditionally(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

function formItem(form: FormRecord) {
  return { pk: pk(form.dossierId), sk: `FORM#${form.id}`, form };
}

function notificationItem(notification: NotificationRecord) {
  return { pk: pk(notification.dossierId), sk: `NOTIFY#${notification.id}`, notification };
}

/**
 * The ledger entries of the work a commit hands on after it commits (pending-work.ts): its pending notifications and
 * forms, and its outbox entry, which its ledger entry holds (no other item: the fan-out deletes it). They are new
 * with the commit's history position, like the items they stand for.
 */
function ledgerItems(
  notifications: readonly NotificationRecord[],
  forms: readonly FormRecord[],
  outbox: OutboxEntry | null,
) {
  return [
    ...notifications
      .filter((n) => n.status === 'pending')
      .map((n) => ledgerItem('notify', n.dossierId, n.id, n.createdAt)),
    ...forms
      .filter((f) => f.status === 'pending')
      .map((f) => ledgerItem('form', f.dossierId, f.id, f.createdAt)),
    ...(outbox ? [ledgerItem('outbox', outbox.dossierId, outbox.id, outboxSince(outbox), 0, outbox)] : []),
  ];
}

type TransactItems = NonNullable<TransactWriteCommandInput['TransactItems']>;
type Guard = 'dossier' | 'sequence' | 'attachments' | 'results' | 'write' | { allowance: AllowanceName };

const MAX_TRANSACTION_ATTEMPTS = 5;

function guardError(failed: { guard: Guard }[]): Error {
  if (failed.length === 0 || failed.some((f) => f.guard === 'dossier'))
    return new VersionConflictError('The dossier changed meanwhile');
  const allowance = failed.find((f) => typeof f.guard === 'object');
  if (allowance && typeof allowance.guard === 'object')
    return new AllowanceExhaustedError(allowance.guard.allowance);
  if (failed.some((f) => f.guard === 'attachments'))
    return new AttachmentLimitError('No attachment place left');
  if (failed.some((f) => f.guard === 'results')) return new ResultLimitError('No result place left');
  if (failed.some((f) => f.guard === 'write')) return new WriteConditionError('A record changed meanwhile');
  return new SequenceTakenError();
}

function allowanceUpdate(TableName: string, use: AllowanceUse) {
  const consuming = use.delta > 0 && use.max !== undefined;
  return {
    Update: {
      TableName,
      Key: allowanceKey(use.window),
      UpdateExpression: 'ADD #n :delta SET expiresAt = :expires',
      ...(consuming ? { ConditionExpression: 'attribute_not_exists(#n) OR #n < :max' } : {}),
      ExpressionAttributeNames: { '#n': 'used' },
      ExpressionAttributeValues: {
        ':delta': use.delta,
        ':expires': expiresAfter(use.window),
        ...(consuming ? { ':max': use.max } : {}),
      },
    },
  };
}

function sequenceUpdate(TableName: string, use: SequenceUse) {
  return {
    Update: {
      TableName,
      Key: sequenceKey(use.unit, use.date),
      UpdateExpression: 'SET #n = :next',
      ConditionExpression: use.lastIssued === 0 ? 'attribute_not_exists(#n)' : '#n = :last',
      ExpressionAttributeNames: { '#n': 'value' },
      ExpressionAttributeValues: {
        ':next': use.lastIssued + 1,
        ...(use.lastIssued === 0 ? {} : { ':last': use.lastIssued }),
      },
    },
  };
}

/**
 * Runs a transaction whose items each guard something (`guards[i]` for item i). A transaction that only collided
 * with another one in flight is retried after a jittered pause; a failed condition is reported as the error of
 * what it guards, the dossier's version first (that loser must reload, whatever else failed).
 */
function transactor(client: DynamoDBDocumentClient) {
  return async function transact(items: TransactItems, guards: Guard[] = []) {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await client.send(new TransactWriteCommand({ TransactItems: items }));
        return;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = error.CancellationReasons ?? [];
        const failed = reasons.flatMap((reason, index) =>
          reason.Code === 'ConditionalCheckFailed' ? [{ guard: guards[index] ?? 'dossier' }] : [],
        );
        const collided = failed.length === 0 && reasons.some((r) => r.Code === 'TransactionConflict');
        if (collided && attempt < MAX_TRANSACTION_ATTEMPTS) {
          await jitteredPause(attempt);
          continue;
        }
        // Only a condition that failed, or contention that outlasted the retries, means someone else changed it;
        // any other cancellation (throttling, an item too large) is an error of its own and must not pass as one.
        if (failed.length === 0 && !collided) throw error;
        throw guardError(failed);
      }
    }
  };
}

/** Opening a draft on its own: the function that creates dossiers bundles no other write. */
export function dynamoDossierCreation(
  client: DynamoDBDocumentClient,
  tableName: string,
): Pick<DossierRepository, 'create'> {
  const TableName = tableName;
  const transact = transactor(client);
  const newOnly = (Item: Record<string, unknown>) => ({
    Put: { TableName, Item, ConditionExpression: 'attribute_not_exists(pk)' },
  });
  return {
    async create(dossier, events, allowances = []) {
      await transact(
        [
          newOnly(rootItem(dossier)),
          ...PART_NAMES.map((name) => newOnly(partItem(dossier, name))),
          ...events.map((event) => newOnly(eventItem(dossier.id, event))),
          ...allowances.map((use) => allowanceUpdate(TableName, use)),
        ],
        [
          'dossier',
          ...PART_NAMES.map(() => 'dossier' as const),
          ...events.map(() => 'dossier' as const),
          ...allowances.map((use) => ({ allowance: use.window.name })),
        ],
      );
    },
  };
}

/** What reading a dossier's items takes (and the entry an officer's read leaves in the access log). */
export type DossierReads = Pick<
  DossierRepository,
  | 'getForStaff'
  | 'recordAccess'
  | 'getResult'
  | 'get'
  | 'getWithAttachments'
  | 'getWithNotification'
  | 'listByApplicant'
  | 'lastIssuedSequence'
  | 'history'
  | 'getWithHistory'
  | 'getWithForm'
  | 'withPendingDeliveryReports'
  | 'awaitingReception'
>;

/**
 * The repository's reads on their own: a function that only reads dossiers bundles none of the transactions, the
 * counters and the outbox a commit writes.
 */
export function dynamoDossierReads(client: DynamoDBDocumentClient, tableName: string): DossierReads {
  const TableName = tableName;
  /** One page of an index partition's items, with whether more follow (one extra item is read to know). */
  async function indexPage(
    IndexName: string,
    partition: { name: string; value: string },
    limit: number,
    after: { sortName: string; sortValue: string; id: string; sk: string } | undefined,
    ascending: boolean,
  ): Promise<{ items: Record<string, unknown>[]; more: boolean }> {
    const result = await client.send(
      new QueryCommand({
        TableName,
        IndexName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': partition.name },
        ExpressionAttributeValues: { ':pk': partition.value },
        ScanIndexForward: ascending,
        Limit: limit + 1,
        ExclusiveStartKey: after
          ? {
              [partition.name]: partition.value,
              [after.sortName]: after.sortValue,
              pk: pk(after.id),
              sk: after.sk,
            }
          : undefined,
      }),
    );
    const items = result.Items ?? [];
    return { items: items.slice(0, limit), more: items.length > limit };
  }
  /** A dossier by id (its root and parts), read strongly consistent. */
  async function readDossier(id: string): Promise<DossierRecord | null> {
    // The root and its parts in one Query: it costs what reading the root alone did (a Query is charged by bytes).
    const result = await client.send(
      new QueryCommand({
        TableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :root AND :last',
        ExpressionAttributeValues: { ':pk': pk(id), ':root': ROOT, ':last': LAST_PART },
        ConsistentRead: true,
      }),
    );
    return dossierIn(result.Items ?? []);
  }

  /** Whole dossiers for a page of ids, in that order, with the items the page did not hold in one BatchGet. */
  async function wholeDossiers(
    ids: string[],
    known: Record<string, unknown>[] = [],
  ): Promise<DossierRecord[]> {
    const have = new Set(known.map((item) => `${String(item.pk)}|${String(item.sk)}`));
    const keys = ids.flatMap(dossierKeys).filter((key) => !have.has(`${key.pk}|${key.sk}`));
    const items = [...known, ...(await batchRead(client, TableName, keys, false))];
    return ids.flatMap((id) => dossierIn(items.filter((item) => item.pk === pk(id))) ?? []);
  }

  return {
    async getForStaff(id, options) {
      const items = await queryAll(client, {
        TableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk(id) },
        ConsistentRead: options?.consistent !== false,
      });
      const dossier = dossierIn(items);
      if (!dossier) return null;
      const of = (prefix: string) => items.filter((item) => String(item.sk).startsWith(prefix));
      return {
        dossier,
        attachments: of(ATTACHMENT).map((item) => item.attachment as AttachmentRecord),
        results: of(RESULT).map((item) => item.attachment as AttachmentRecord),
        history: of('EVENT#').map((item) => item.event as HistoryEvent),
        nationalDocuments: of(NATIONAL_DOCUMENT).map((item) => item.document as NationalDocumentRecord),
      };
    },

    async recordAccess(entry) {
      await client.send(
        new PutCommand({
          TableName,
          Item: accessLogItem(entry),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    },

    async getResult(dossierId, id) {
      const found = await client.send(
        new GetCommand({ TableName, Key: { pk: pk(dossierId), sk: `${RESULT}${id}` }, ConsistentRead: true }),
      );
      return (found.Item?.attachment as AttachmentRecord | undefined) ?? null;
    },

    get: readDossier,

    async getWithAttachments(id) {
      const items = await queryAll(client, {
        TableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :root AND :end',
        ExpressionAttributeValues: { ':pk': pk(id), ':root': ROOT, ':end': AFTER_ATTACHMENTS },
        ConsistentRead: true,
      });
      const dossier = dossierIn(items);
      if (!dossier) return null;
      return {
        dossier,
        attachments: items
          .filter((item) => String(item.sk).startsWith(ATTACHMENT))
          .map((item) => item.attachment as AttachmentRecord),
      };
    },

    async getWithNotification(id, notificationId) {
      // The dossier's items in one Query and the notification by key, at once: a BatchGet would pay for each item.
      const [dossier, notification] = await Promise.all([
        readDossier(id),
        client.send(
          new GetCommand({
            TableName,
            Key: { pk: pk(id), sk: `NOTIFY#${notificationId}` },
            ConsistentRead: true,
          }),
        ),
      ]);
      return {
        dossier,
        notification: (notification.Item?.notification as NotificationRecord | undefined) ?? null,
      };
    },

    async listByApplicant(applicantId, limit, after) {
      // The index holds the applicant items (written once, so it is too); the rest follows in one BatchGet.
      const page = await indexPage(
        DOSSIER_INDEX_BY_APPLICANT,
        { name: 'applicantPk', value: `APPLICANT#${applicantId}` },
        limit,
        after && {
          sortName: 'applicantSk',
          sortValue: `${after.createdAt}#${after.id}`,
          id: after.id,
          sk: PARTS.applicant.sk,
        },
        false,
      );
      return { items: await wholeDossiers(page.items.map(idOf), page.items), more: page.more };
    },

    async lastIssuedSequence(unit, date) {
      const result = await client.send(
        new GetCommand({ TableName, Key: sequenceKey(unit, date), ConsistentRead: true }),
      );
      return Number(result.Item?.value ?? 0);
    },

    async history(id) {
      const items = await queryAll(client, {
        TableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk(id), ':prefix': 'EVENT#' },
        ConsistentRead: true,
      });
      return items.map((item) => item.event as HistoryEvent);
    },

    async getWithHistory(id) {
      // The root and its parts sort first, the events after the memberships and documents (read along, left here):
      // one request where a lookup made two.
      const items = await queryAll(client, {
        TableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :root AND :last',
        ExpressionAttributeValues: { ':pk': pk(id), ':root': ROOT, ':last': 'EVENT#~' },
        ConsistentRead: true,
      });
      return {
        dossier: dossierIn(items),
        history: items
          .filter((item) => String(item.sk).startsWith('EVENT#'))
          .map((item) => item.event as HistoryEvent),
      };
    },

    async getWithForm(id, formId) {
      // The dossier's items in one Query and the form by key, at once (as for a notification).
      const [dossier, form] = await Promise.all([
        readDossier(id),
        client.send(
          new GetCommand({ TableName, Key: { pk: pk(id), sk: `FORM#${formId}` }, ConsistentRead: true }),
        ),
      ]);
      return { dossier, form: (form.Item?.form as FormRecord | undefined) ?? null };
    },

    async withPendingDeliveryReports(id) {
      const items = await queryAll(client, {
        TableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :last',
        ExpressionAttributeValues: { ':pk': pk(id), ':first': PENDING_REPORT, ':last': LAST_PART },
        ConsistentRead: true,
      });
      const reports = items
        .filter((item) => String(item.sk).startsWith(PENDING_REPORT))
        .map((item) => item.pending as PendingDeliveryReport)
        .sort((a, b) => a.receivedAt - b.receivedAt || a.webhookId.localeCompare(b.webhookId));
      return { dossier: dossierIn(items), reports };
    },

    async awaitingReception(unit, limit, after) {
      // The stage index holds keys only (the sweeper needs no more): the dossiers follow in one BatchGet.
      const page = await indexPage(
        DOSSIER_INDEX_BY_STAGE,
        { name: 'stagePk', value: receptionKey(unit) },
        limit,
        after && { sortName: 'stageSince', sortValue: after.since, id: after.id, sk: ROOT },
        true,
      );
      return { items: await wholeDossiers(page.items.map(idOf)), more: page.more };
    },
  };
}

export function dynamoDossierRepository(
  client: DynamoDBDocumentClient,
  tableName: string,
  /** The on-time counters' table, asked for only by a commit that moves a counter. */
  statisticsTable: () => string = () => {
    throw new Error('This repository was built without the statistics table');
  },
): DossierRepository {
  const TableName = tableName;
  const transact = transactor(client);
  const versionGuard = (dossier: DossierRecord, expectedVersion: number) => ({
    Put: {
      TableName,
      Item: rootItem(dossier),
      ConditionExpression: '#v = :expected',
      ExpressionAttributeNames: { '#v': 'version' },
      ExpressionAttributeValues: { ':expected': expectedVersion },
    },
  });
  /** The root guarded by the version, and the parts that changed (they commit with it, or not at all). */
  const dossierWrites = (dossier: DossierRecord, expectedVersion: number) => [
    versionGuard(dossier, expectedVersion),
    ...changedParts(dossier).map((name) => ({ Put: { TableName, Item: partItem(dossier, name) } })),
  ];
  const newOnly = (Item: Record<string, unknown>) => ({
    Put: { TableName, Item, ConditionExpression: 'attribute_not_exists(pk)' },
  });
  /** Takes one of a dossier's `max` places counted under `counter`: the condition fails when none is left. */
  const takePlace = (dossierId: string, counter: string, max: number) => ({
    Update: {
      TableName,
      Key: { pk: pk(dossierId), sk: counter },
      UpdateExpression: 'ADD #n :one',
      ConditionExpression: 'attribute_not_exists(#n) OR #n < :max',
      ExpressionAttributeNames: { '#n': 'count' },
      ExpressionAttributeValues: { ':one': 1, ':max': max },
    },
  });
  const releasePlace = (dossierId: string, counter: string) => ({
    Update: {
      TableName,
      Key: { pk: pk(dossierId), sk: counter },
      UpdateExpression: 'ADD #n :minus',
      ExpressionAttributeNames: { '#n': 'count' },
      ExpressionAttributeValues: { ':minus': -1 },
    },
  });
  const releaseAttachmentPlace = (dossierId: string) => releasePlace(dossierId, ATTACHMENT_COUNT);
  /** A transaction's check of an item it does not write. */
  const conditionCheck = (
    Key: Record<string, string>,
    ConditionExpression: string,
    ExpressionAttributeNames: Record<string, string>,
    ExpressionAttributeValues: Record<string, unknown>,
  ) => ({
    ConditionCheck: {
      TableName,
      Key,
      ConditionExpression,
      ExpressionAttributeNames,
      ExpressionAttributeValues,
    },
  });

  return {
    ...dynamoDossierReads(client, tableName),
    ...dynamoDossierCreation(client, tableName),
    async takeCodePlace(unit, date) {
      const result = await client.send(
        new UpdateCommand({
          TableName,
          Key: codeLineKey(unit, date),
          UpdateExpression: 'ADD #n :one SET expiresAt = :expires',
          ExpressionAttributeNames: { '#n': 'value' },
          ExpressionAttributeValues: { ':one': 1, ':expires': codeLineExpiry(date) },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return Number(result.Attributes?.value);
    },
    async codeLine(unit, date) {
      const { pk: partition } = sequenceKey(unit, date);
      const result = await client.send(
        new QueryCommand({
          TableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': partition },
          ConsistentRead: true,
        }),
      );
      const items = result.Items ?? [];
      const counter = items.find((item) => item.sk === ROOT);
      const line = items.find((item) => item.sk === codeLineKey(unit, date).sk);
      return { lastIssued: Number(counter?.value ?? 0), ...lineLeft(line) };
    },
    async leaveCodeLine(unit, date, place) {
      let left: LineLeft | null = null;
      await conditionally(async () => {
        const result = await client.send(
          new UpdateCommand({
            TableName,
            Key: codeLineKey(unit, date),
            UpdateExpression: 'ADD #done :place SET expiresAt = :expires',
            ConditionExpression: 'attribute_not_exists(#floor) OR #floor < :n',
            ExpressionAttributeNames: { '#done': 'done', '#floor': 'floor' },
            ExpressionAttributeValues: {
              ':place': new Set([place]),
              ':n': place,
              ':expires': codeLineExpiry(date),
            },
            ReturnValues: 'ALL_NEW',
          }),
        );
        left = lineLeft(result.Attributes);
      });
      return left;
    },
    async foldCodeLine(unit, date, from, to) {
      const run = Array.from({ length: to - from }, (_, i) => from + 1 + i);
      await conditionally(() =>
        client.send(
          new UpdateCommand({
            TableName,
            Key: codeLineKey(unit, date),
            UpdateExpression: 'SET #floor = :to DELETE #done :run',
            ConditionExpression: from === 0 ? 'attribute_not_exists(#floor)' : '#floor = :from',
            ExpressionAttributeNames: { '#floor': 'floor', '#done': 'done' },
            ExpressionAttributeValues: {
              ':to': to,
              ':run': new Set(run),
              ...(from === 0 ? {} : { ':from': from }),
            },
          }),
        ),
      );
    },
    async createSubmitted(dossier, events, uses) {
      const outbox = outboxEntry(dossier, events);
      const ledger = ledgerItems([], [], outbox);
      const writes = uses.writes.map((write) => ({
        Put: {
          TableName,
          Item: write.item,
          ConditionExpression: write.condition,
          ...(write.names ? { ExpressionAttributeNames: write.names } : {}),
          ...(write.values ? { ExpressionAttributeValues: write.values } : {}),
        },
      }));
      await transact(
        [
          newOnly(rootItem(dossier)),
          ...PART_NAMES.map((name) => newOnly(partItem(dossier, name))),
          ...events.map((event) => newOnly(eventItem(dossier.id, event))),
          sequenceUpdate(TableName, uses.sequence),
          ...(dossier.code ? [newOnly({ ...codeKey(dossier.code), dossierId: dossier.id })] : []),
          ...writes,
          ...ledger.map(newOnly),
        ],
        [
          'write',
          ...PART_NAMES.map(() => 'write' as const),
          ...events.map(() => 'write' as const),
          'sequence',
          ...(dossier.code ? ['sequence' as const] : []),
          ...writes.map(() => 'write' as const),
          ...ledger.map(() => 'write' as const),
        ],
      );
    },

    async addResult(result, max) {
      await transact(
        [
          newOnly({ pk: pk(result.dossierId), sk: `${RESULT}${result.id}`, attachment: result }),
          takePlace(result.dossierId, RESULT_COUNT, max),
        ],
        ['dossier', 'results'],
      );
    },

    async verifyResult(result) {
      return conditionally(() =>
        client.send(
          new PutCommand({
            TableName,
            Item: { pk: pk(result.dossierId), sk: `${RESULT}${result.id}`, attachment: result },
            ...WHILE_PENDING,
          }),
        ),
      );
    },

    async deletePendingResult(dossierId, id) {
      try {
        await transact([
          { Delete: { TableName, Key: { pk: pk(dossierId), sk: `${RESULT}${id}` }, ...WHILE_PENDING } },
          releasePlace(dossierId, RESULT_COUNT),
        ]);
        return true;
      } catch (error) {
        if (error instanceof VersionConflictError) return false;
        throw error;
      }
    },

    async recordResultSignatures(result) {
      return conditionally(() =>
        client.send(
          new PutCommand({
            TableName,
            Item: { pk: pk(result.dossierId), sk: `${RESULT}${result.id}`, attachment: result },
            // Checked once: a redelivery's or a second confirmation's check finds it recorded and writes nothing.
            ConditionExpression:
              'attachment.#status = :verified AND attachment.objectKey = :key AND attribute_not_exists(attachment.signatureCheck)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':verified': 'verified', ':key': result.objectKey },
          }),
        ),
      );
    },

    async commit(dossier, expectedVersion, events, notifications = [], uses = {}) {
      const allowances = uses.allowances ?? [];
      // The on-time counters this transition moves commit with it (no guard: an ADD cannot fail its condition).
      const changes = counterChanges(dossier, events);
      const counters = changes.length > 0 ? counterUpdates(statisticsTable(), changes) : [];
      const writes = dossierWrites(dossier, expectedVersion);
      const forms = uses.forms ?? [];
      // The partners' events of this transition, one item whatever the number of subscriptions (fanned out later).
      const outbox = outboxEntry(dossier, events);
      const ledger = ledgerItems(notifications, forms, outbox);
      await transact(
        [
          ...writes,
          ...events.map((event) => newOnly(eventItem(dossier.id, event))),
          ...notifications.map((notification) => newOnly(notificationItem(notification))),
          ...forms.map((form) => newOnly(formItem(form))),
          ...(uses.sequence ? [sequenceUpdate(TableName, uses.sequence)] : []),
          ...(uses.sequence && dossier.code
            ? [newOnly({ ...codeKey(dossier.code), dossierId: dossier.id, ...submittedDayKeys(dossier) })]
            : []),
          ...allowances.map((use) => allowanceUpdate(TableName, use)),
          ...(uses.joins ?? []).map((agency) => ({
            Put: { TableName, Item: membershipItem(dossier, agency) },
          })),
          ...counters,
          ...(uses.writes ?? []).map((write) => ({
            Put: {
              TableName,
              Item: write.item,
              ConditionExpression: write.condition,
              ...(write.names ? { ExpressionAttributeNames: write.names } : {}),
              ...(write.values ? { ExpressionAttributeValues: write.values } : {}),
            },
          })),
          ...ledger.map(newOnly),
          ...(uses.uploadsAtMost === undefined
            ? []
            : [
                conditionCheck(
                  { pk: pk(dossier.id), sk: ATTACHMENT_COUNT },
                  'attribute_not_exists(#n) OR #n <= :most',
                  { '#n': 'count' },
                  { ':most': uses.uploadsAtMost },
                ),
              ]),
        ],
        [
          ...writes.map(() => 'dossier' as const),
          ...events.map(() => 'dossier' as const),
          ...notifications.map(() => 'dossier' as const),
          ...forms.map(() => 'dossier' as const),
          ...(uses.sequence ? ['sequence' as const] : []),
          // A code is issued once: its item exists only if the counter's condition failed as well.
          ...(uses.sequence && dossier.code ? ['sequence' as const] : []),
          ...allowances.map((use) => ({ allowance: use.window.name })),
          ...(uses.joins ?? []).map(() => 'dossier' as const),
          ...counters.map(() => 'dossier' as const),
          ...(uses.writes ?? []).map(() => 'write' as const),
          // The ledger entries (the outbox entry's too) are new with this event's position: one exists only if the
          // dossier's guard failed as well.
          ...ledger.map(() => 'dossier' as const),
          ...(uses.uploadsAtMost === undefined ? [] : ['attachments' as const]),
        ],
      );
    },

    async addAttachment(attachment, max, unchangedVersion) {
      await transact(
        [
          newOnly(attachmentItem(attachment)),
          takePlace(attachment.dossierId, ATTACHMENT_COUNT, max),
          ...(unchangedVersion === undefined
            ? []
            : [
                conditionCheck(
                  { pk: pk(attachment.dossierId), sk: ROOT },
                  '#v = :expected',
                  { '#v': 'version' },
                  { ':expected': unchangedVersion },
                ),
              ]),
        ],
        ['dossier', 'attachments', 'dossier'],
      );
    },

    async verifyAttachment(attachment) {
      return conditionally(() =>
        client.send(
          new PutCommand({
            TableName,
            Item: attachmentItem(attachment),
            ...WHILE_PENDING,
          }),
        ),
      );
    },

    async deletePendingAttachment(dossierId, id) {
      try {
        await transact([
          { Delete: { TableName, Key: { pk: pk(dossierId), sk: `${ATTACHMENT}${id}` }, ...WHILE_PENDING } },
          releaseAttachmentPlace(dossierId),
        ]);
        return true;
      } catch (error) {
        if (error instanceof VersionConflictError) return false;
        throw error;
      }
    },

    async deleteVerifiedAttachment(dossierId, expectedVersion, id) {
      try {
        await transact([
          {
            Update: {
              TableName,
              Key: { pk: pk(dossierId), sk: ROOT },
              UpdateExpression: 'SET #v = :next',
              ConditionExpression: '#v = :expected',
              ExpressionAttributeNames: { '#v': 'version' },
              ExpressionAttributeValues: { ':expected': expectedVersion, ':next': expectedVersion + 1 },
            },
          },
          {
            Delete: {
              TableName,
              Key: { pk: pk(dossierId), sk: `${ATTACHMENT}${id}` },
              ConditionExpression: 'attribute_exists(pk)',
            },
          },
          releaseAttachmentPlace(dossierId),
        ]);
        return true;
      } catch (error) {
        if (error instanceof VersionConflictError) return false;
        throw error;
      }
    },

    async completeNotification(dossier, expectedVersion, notification, events) {
      await transact([
        ...dossierWrites(dossier, expectedVersion),
        ...events.map((event) => newOnly(eventItem(dossier.id, event))),
        {
          Put: {
            TableName,
            Item: notificationItem(notification),
            ConditionExpression: 'attribute_exists(pk)',
          },
        },
        // Its ledger entry goes with it (one the sweeper moved is dropped by the sweeper, which finds it sent).
        {
          Delete: {
            TableName,
            Key: ledgerKey('notify', notification.dossierId, notification.id, notification.createdAt),
          },
        },
      ]);
    },

    async completeForm(dossier, expectedVersion, form, events, writes = []) {
      await transact([
        ...dossierWrites(dossier, expectedVersion),
        ...events.map((event) => newOnly(eventItem(dossier.id, event))),
        {
          Put: {
            TableName,
            Item: formItem(form),
            ConditionExpression: 'form.#status = :pending',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':pending': 'pending' },
          },
        },
        { Delete: { TableName, Key: ledgerKey('form', form.dossierId, form.id, form.createdAt) } },
        ...writes.map((write) => ({
          Put: { TableName, Item: write.item, ConditionExpression: write.condition },
        })),
      ]);
    },

    async storeDeliveryReport(dossierId, pending) {
      try {
        await transact([
          newOnly({
            pk: pk(dossierId),
            sk: `${REPORT_RECEIVED}${pending.webhookId}`,
            at: pending.receivedAt,
          }),
          newOnly({ pk: pk(dossierId), sk: `${PENDING_REPORT}${pending.webhookId}`, pending }),
        ]);
        return true;
      } catch (error) {
        if (error instanceof VersionConflictError) return false;
        throw error;
      }
    },

    async foldDeliveryReports(dossier, expectedVersion, events, webhookIds) {
      await transact([
        ...dossierWrites(dossier, expectedVersion),
        ...events.map((event) => newOnly(eventItem(dossier.id, event))),
        ...webhookIds.map((webhookId) => ({
          Delete: {
            TableName,
            Key: { pk: pk(dossier.id), sk: `${PENDING_REPORT}${webhookId}` },
            ConditionExpression: 'attribute_exists(pk)',
          },
        })),
      ]);
    },
  };
}

export function dynamoWaitingList(client: DynamoDBDocumentClient, tableName: string): WaitingList {
  const TableName = tableName;
  /** The item a notification's or form's ledger entry stands for. */
  const recordKey = (stage: 'notify' | 'form', dossierId: string, itemId: string) =>
    stage === 'notify'
      ? { pk: pk(dossierId), sk: `NOTIFY#${itemId}` }
      : { pk: pk(dossierId), sk: `FORM#${itemId}` };
  /** Still to do: a notification or form still pending. */
  const stillToDo = (stage: 'notify' | 'form', item: Record<string, unknown> | undefined) =>
    stage === 'notify'
      ? (item?.notification as NotificationRecord | undefined)?.status === 'pending'
      : (item?.form as FormRecord | undefined)?.status === 'pending';
  const itemIdOf = (item: Waiting) => item.notificationId ?? item.formId ?? item.outboxId ?? '';

  /**
   * Ledger entries waiting since before `before`. An outbox entry found here is still to be fanned out (the fan-out
   * deletes it where the message it handled says it is), and comes with the entry it holds. A notification's or
   * form's entry was never handed on, or was re-sent and moved (the write finishing the work deletes the entry where
   * the commit put it): each one's item is read to tell, and an entry whose work is done is dropped, not re-sent.
   */
  async function waitingWork(stage: LedgerStage, before: string, limit: number): Promise<Waiting[]> {
    const result = await client.send(
      new QueryCommand({
        TableName,
        KeyConditionExpression: 'pk = :pk AND sk < :before',
        ExpressionAttributeValues: { ':pk': ledgerPk(stage), ':before': before },
        Limit: limit,
      }),
    );
    const entries = (result.Items ?? []).map((item) => ({
      sk: String(item.sk),
      dossierId: String(item.dossierId),
      itemId: String(item.itemId),
      since: String(item.since),
      resends: Number(item.resends ?? 0),
      outbox: item.outbox as OutboxEntry | undefined,
    }));
    if (stage === 'outbox')
      return entries.flatMap(({ dossierId, itemId, since, resends, outbox }) =>
        outbox ? [{ dossierId, outboxId: itemId, outbox, since, resends }] : [],
      );
    if (entries.length === 0) return [];
    const records = await batchRead(
      client,
      TableName,
      entries.map((entry) => recordKey(stage, entry.dossierId, entry.itemId)),
      true,
    );
    const found = new Map(records.map((item) => [`${String(item.pk)}|${String(item.sk)}`, item]));
    const todo = entries.filter((entry) => {
      const key = recordKey(stage, entry.dossierId, entry.itemId);
      return stillToDo(stage, found.get(`${key.pk}|${key.sk}`));
    });
    const done = entries.filter((entry) => !todo.includes(entry));
    await Promise.all(
      done.map((entry) =>
        client.send(new DeleteCommand({ TableName, Key: { pk: ledgerPk(stage), sk: entry.sk } })),
      ),
    );
    return todo.map((entry) => ({
      dossierId: entry.dossierId,
      ...(stage === 'notify' ? { notificationId: entry.itemId } : {}),
      ...(stage === 'form' ? { formId: entry.itemId } : {}),
      since: entry.since,
      resends: entry.resends,
    }));
  }

  return {
    async waiting(stage, before, limit) {
      if (isLedgerStage(stage)) return waitingWork(stage, before, limit);
      const result = await client.send(
        new QueryCommand({
          TableName,
          IndexName: DOSSIER_INDEX_BY_STAGE,
          KeyConditionExpression: 'stagePk = :stage AND stageSince < :before',
          ExpressionAttributeValues: { ':stage': stage, ':before': before },
          Limit: limit,
        }),
      );
      // The stage index holds the roots' keys (and re-sends) only.
      return (result.Items ?? []).map((item) => ({
        dossierId: idOf(item),
        since: String(item.stageSince),
        resends: Number(item.resends ?? 0),
      }));
    },

    async deferResend(stage, item, since, resends = item.resends + 1) {
      if (isLedgerStage(stage)) {
        const itemId = itemIdOf(item);
        const from = ledgerKey(stage, item.dossierId, itemId, item.since);
        if (since === item.since) return true;
        // Moved to when it is due again, unless the work was finished (its entry deleted) meanwhile.
        try {
          await client.send(
            new TransactWriteCommand({
              TransactItems: [
                { Delete: { TableName, Key: from, ConditionExpression: 'attribute_exists(pk)' } },
                {
                  Put: {
                    TableName,
                    Item: ledgerItem(stage, item.dossierId, itemId, since, resends, item.outbox),
                  },
                },
              ],
            }),
          );
          return true;
        } catch (error) {
          if (!(error instanceof TransactionCanceledException)) throw error;
          return false;
        }
      }
      return conditionally(() =>
        client.send(
          new UpdateCommand({
            TableName,
            Key: { pk: pk(item.dossierId), sk: ROOT },
            UpdateExpression: 'SET stageSince = :since, resends = :resends',
            ConditionExpression: 'stagePk = :stage AND stageSince = :seen',
            ExpressionAttributeValues: {
              ':since': since,
              ':resends': resends,
              ':stage': stage,
              ':seen': item.since,
            },
          }),
        ),
      );
    },
  };
}

/** The agencies' inboxes: one index per way of listing, each read by key and range, never filtered after. */
export function dynamoInbox(client: DynamoDBDocumentClient, tableName: string): InboxPort {
  return {
    async inbox(query) {
      const range =
        query.before !== undefined && query.notBefore !== undefined
          ? ' AND #s BETWEEN :from AND :to'
          : query.before !== undefined
            ? ' AND #s < :to'
            : query.notBefore !== undefined
              ? ' AND #s >= :from'
              : '';
      const result = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: query.index,
          KeyConditionExpression: `#p = :p${range}`,
          ExpressionAttributeNames: {
            '#p': query.partition.name,
            ...(range ? { '#s': query.sortName } : {}),
          },
          ExpressionAttributeValues: {
            ':p': query.partition.value,
            ...(query.before !== undefined ? { ':to': query.before } : {}),
            ...(query.notBefore !== undefined ? { ':from': query.notBefore } : {}),
          },
          Limit: query.limit + 1,
          ExclusiveStartKey: query.after
            ? {
                [query.partition.name]: query.partition.value,
                [query.sortName]: query.after.sortValue,
                pk: pk(query.after.id),
                sk: ROOT,
              }
            : undefined,
        }),
      );
      // The index items carry what a list shows (INBOX_PROJECTION): no read of the dossiers follows.
      const items = (result.Items ?? []).map(listedFrom);
      return { items: items.slice(0, query.limit), more: items.length > query.limit };
    },

    async everything(agency, limit, after, received) {
      const page = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: DOSSIER_INDEX_BY_AGENCY_ALL,
          KeyConditionExpression: `memberAgency = :a${received ? ' AND memberReceived BETWEEN :from AND :to' : ''}`,
          ExpressionAttributeValues: {
            ':a': agency,
            // BETWEEN is inclusive: `before` itself is a bound no received key equals (keys end with '#<id>').
            ...(received ? { ':from': received.notBefore, ':to': received.before } : {}),
          },
          ScanIndexForward: Boolean(received),
          Limit: limit + 1,
          ExclusiveStartKey: after
            ? { memberAgency: agency, memberReceived: after.sortValue, pk: pk(after.id), sk: `AT#${agency}` }
            : undefined,
        }),
      );
      // Membership items are never rewritten, so their index holds keys only; the roots follow in one BatchGet.
      const ids = (page.Items ?? []).slice(0, limit).map(idOf);
      const roots = await batchRead(
        client,
        tableName,
        ids.map((id) => ({ pk: pk(id), sk: ROOT })),
        false,
      );
      const found = new Map(roots.map((item) => [idOf(item), listedFrom(item) as RootListedDossier]));
      return {
        items: ids.flatMap((id) => found.get(id) ?? []),
        more: (page.Items ?? []).length > limit,
      };
    },
  };
}
