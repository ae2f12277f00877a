// Citizen dossier use cases: create a draft, attach verified documents, submit, and read one's own dossiers.
import { procedureFollowedBy } from '../../shared/catalog/submitted-procedure.js';
import type { StoredProcedure } from '../../shared/catalog/model.js';
import type { CatalogRepository } from '../../shared/catalog/repository.js';
import {
  draftWindow,
  secondsUntil,
  submissionWindow,
  type AllowanceWindow,
} from '../../shared/domain/dossier/citizen-limits.js';
import {
  DailyCodesExhaustedError,
  MAX_DAILY_SEQUENCE,
  nextDossierCode,
} from '../../shared/domain/dossier/dossier-code.js';
import { initialState, nationalStatus, type Actor } from '../../shared/domain/dossier/status-machine.js';
import { act, record } from '../../shared/dossier/aggregate.js';
import { leaveLine, nextTurn } from '../../shared/dossier/code-line.js';
import type { HistoryEvent } from '../../shared/domain/dossier/history.js';
import type { AttachmentRecord, CreateDossierInput, DossierRecord } from '../../shared/dossier/model.js';
import {
  nationalPlaces,
  pendingDocument,
  uploadsAmong,
  UPLOAD_PREFIX,
  VERIFIED_PREFIX,
} from '../../shared/dossier/documents.js';
import {
  AllowanceExhaustedError,
  AttachmentLimitError,
  SequenceTakenError,
  VersionConflictError,
  type DossierReads,
  type DossierRepository,
} from '../../shared/dossier/repository.js';
import { sanitizeFileName, type AttachmentStorage } from '../../shared/dossier/storage.js';
import { jitteredPause } from '../../shared/retry.js';
import type { UploadPresigner } from '../../shared/dossier/upload-presigner.js';
import type { Pipeline } from '../../shared/dossier/pipeline.js';
import type { Calendar } from '../../shared/domain/calendar/calendar.js';
import { computeDeadline, type ClockEvent } from '../../shared/domain/calendar/deadlines.js';
import { localDateAt } from '../../shared/domain/calendar/local-date.js';
import { resumeStep } from '../../shared/dossier/steps.js';
import { decodeCursor, encodeCursor } from '../../shared/http/cursor.js';
import { sizeInWords, STATUS_NAMES } from '../../shared/http/messages.js';
import { HttpProblem, notFound } from '../../shared/http/problem.js';
import type { Caller } from '../../shared/http/handler.js';
import { isApplicant } from '../../shared/http/applicant.js';
import { maskEmail, maskTail } from '../../shared/redact.js';
import { discard, refusalOf, typeName } from '../../shared/dossier/upload-check.js';

export interface DossierDeps {
  dossiers: DossierRepository;
  catalog: CatalogRepository;
  limits: CitizenLimits;
  storage: AttachmentStorage;
  uploads: UploadPresigner;
  pipeline: Pipeline;
  now: () => number;
  newId: () => string;
}

/** What one citizen may do, so that nobody can take a unit's codes or the table's capacity from the others. */
export interface CitizenLimits {
  /** Drafts opened in one day and not submitted yet. */
  draftsPerDay: number;
  submissionsPerHour: number;
}

const UPLOAD_EXPIRES_SECONDS = 600;
/** Documents a dossier may hold, pending ones included: bounds its partition, its `handedIn` list and the receipt. */
export const MAX_ATTACHMENTS = 40;

export const applicantActor = (caller: Caller): Actor => ({ id: caller.subject, role: 'citizen' });

export const attachmentView = (dossier: DossierRecord, a: AttachmentRecord) => ({
  id: a.id,
  documentType: a.documentType,
  fileName: a.fileName,
  contentType: a.contentType,
  status: a.status,
  size: a.size,
  sha256: a.sha256,
  handedIn: dossier.handedIn.includes(a.id),
});

export function dossierView(dossier: DossierRecord, attachments: AttachmentRecord[] = []) {
  return {
    id: dossier.id,
    code: dossier.code,
    procedure: { code: dossier.procedureCode, name: dossier.procedureName },
    status: dossier.status,
    nationalStatus: nationalStatus(dossier.status),
    applicant: {
      fullName: dossier.applicant.fullName,
      citizenId: maskTail(dossier.applicant.citizenId, 3),
      phone: maskTail(dossier.applicant.phone, 3),
      ...(dossier.applicant.email ? { email: maskEmail(dossier.applicant.email) } : {}),
    },
    channels: dossier.channels,
    createdAt: dossier.createdAt,
    submittedAt: dossier.submittedAt,
    acceptedAt: dossier.acceptedAt,
    dueAt: dossier.state.dueAt === null ? null : new Date(dossier.state.dueAt).toISOString(),
    supplementRequest: dossier.supplementRequest ?? null,
    attachments: attachments.map((a) => ({
      id: a.id,
      documentType: a.documentType,
      fileName: a.fileName,
      status: a.status,
      size: a.size,
      sha256: a.sha256,
      handedIn: dossier.handedIn.includes(a.id),
    })),
  };
}

/** The caller's own dossier with its attachments, in one read; someone else's is reported as not found. */
async function ownDossierWithAttachments(
  deps: { dossiers: DossierReads },
  caller: Caller,
  id: string,
): Promise<{ dossier: DossierRecord; attachments: AttachmentRecord[] }> {
  const found = await deps.dossiers.getWithAttachments(id);
  return { dossier: mine(caller, id, found?.dossier ?? null), attachments: found?.attachments ?? [] };
}

/** The caller's own dossier (shared/http/applicant.ts); someone else's, or none, is reported as not found. */
export function mine(caller: Caller, id: string, dossier: DossierRecord | null): DossierRecord {
  if (!dossier || !isApplicant(caller, dossier)) {
    throw notFound({ vi: `Không có hồ sơ ${id}`, en: `No dossier ${id}` });
  }
  return dossier;
}

async function ownAttachment(
  deps: Pick<DossierDeps, 'dossiers'>,
  caller: Caller,
  id: string,
  attachmentId: string,
): Promise<{ dossier: DossierRecord; attachment: AttachmentRecord }> {
  const { dossier, attachments } = await ownDossierWithAttachments(deps, caller, id);
  const attachment = attachments.find((a) => a.id === attachmentId);
  if (!attachment)
    throw notFound({ vi: `Không có tài liệu ${attachmentId}`, en: `No attachment ${attachmentId}` });
  return { dossier, attachment };
}

/** The procedure a draft follows (the current version; none once withdrawn), or a submitted dossier's own version. */
async function procedureOf(
  deps: Pick<DossierDeps, 'catalog'>,
  dossier: { procedureCode: string; procedureVersion?: number },
): Promise<StoredProcedure> {
  const code = dossier.procedureCode;
  const procedure = await procedureFollowedBy(deps.catalog, dossier);
  if (!procedure) {
    throw new HttpProblem(
      'unprocessable-content',
      { vi: `Không có thủ tục mã ${code}`, en: `No procedure with code ${code}` },
      [
        {
          field: 'body.procedureCode',
          message: {
            vi: 'Không có thủ tục này trong danh mục',
            en: 'There is no such procedure in the catalog',
          },
        },
      ],
    );
  }
  return procedure;
}

/** The version a submitted dossier follows; versions are never removed, so a miss is a broken catalog. */
async function submittedProcedureOf(deps: Pick<DossierDeps, 'catalog'>, dossier: DossierRecord) {
  const procedure = await procedureFollowedBy(deps.catalog, dossier);
  if (!procedure)
    throw new Error(`Procedure ${dossier.procedureCode} of dossier ${dossier.id} is not in the catalog`);
  return procedure;
}

export const conflict = (vi: string, en: string) => new HttpProblem('conflict', { vi, en });

const changedMeanwhile = () =>
  conflict(
    'Hồ sơ vừa thay đổi bởi một yêu cầu khác; hãy tải lại và thử lại',
    'The dossier changed meanwhile through another request; reload it and try again',
  );

/** Reads decided on by one attempt: a change by the system meanwhile (a notification recorded) is no conflict. */
const FRESH_READS = 3;

/**
 * Runs `attempt` on a fresh read until its write is not beaten by another one: a change that makes the request
 * wrong (another withdrawal, a rating given meanwhile) is seen by the next read and refused there as a 409.
 */
export async function onFreshRead<T>(attempt: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof VersionConflictError)) throw error;
      if (tries >= FRESH_READS) throw changedMeanwhile();
      await jitteredPause(tries);
    }
  }
}

/** A citizen's allowance is used up: 429, and when to try again. */
function allowanceExhausted(window: AllowanceWindow, limits: CitizenLimits, now: number): HttpProblem {
  const retryAfter = secondsUntil(window, now);
  const headers = { 'retry-after': String(retryAfter) };
  if (window.name === 'drafts') {
    return new HttpProblem(
      'too-many-requests',
      {
        vi: `Bạn đã mở ${limits.draftsPerDay} hồ sơ nháp hôm nay mà chưa nộp; hãy nộp các hồ sơ đó hoặc thử lại vào ngày mai`,
        en: `You have opened ${limits.draftsPerDay} drafts today without submitting them; submit those or try again tomorrow`,
      },
      [],
      headers,
    );
  }
  return new HttpProblem(
    'too-many-requests',
    {
      vi: `Bạn đã nộp ${limits.submissionsPerHour} hồ sơ trong giờ này; hãy thử lại sau ${Math.ceil(retryAfter / 60)} phút`,
      en: `You have submitted ${limits.submissionsPerHour} dossiers this hour; try again in ${Math.ceil(retryAfter / 60)} minutes`,
    },
    [],
    headers,
  );
}

export async function createDossier(
  deps: Pick<DossierDeps, 'catalog' | 'limits' | 'now' | 'newId'> & {
    dossiers: Pick<DossierRepository, 'create'>;
  },
  caller: Caller,
  input: CreateDossierInput,
) {
  const procedure = await procedureOf(deps, { procedureCode: input.procedureCode });
  const now = deps.now();
  const createdAt = new Date(now).toISOString();
  const draft: DossierRecord = {
    id: deps.newId(),
    code: null,
    procedureCode: procedure.code,
    procedureName: procedure.name,
    receivingUnit: procedure.receivingUnit,
    applicantId: caller.subject,
    applicant: input.applicant,
    form: input.form,
    channels: input.channels,
    language: input.language,
    state: initialState,
    status: initialState.status,
    createdAt,
    updatedAt: createdAt,
    submittedAt: null,
    acceptedAt: null,
    version: 0,
    historyLength: 0,
    lastHash: '',
    pendingStage: null,
    handedIn: [],
  };
  const { dossier, event } = record(draft, {
    action: 'created',
    actor: applicantActor(caller),
    at: now,
    note: `procedure=${procedure.code}`,
  });
  const drafts = draftWindow(caller.subject, now);
  try {
    await deps.dossiers.create(
      dossier,
      [event],
      [{ window: drafts, delta: 1, max: deps.limits.draftsPerDay }],
    );
  } catch (error) {
    if (error instanceof AllowanceExhaustedError) throw allowanceExhausted(drafts, deps.limits, now);
    throw error;
  }
  return dossierView(dossier);
}

export async function getDossier(deps: { dossiers: DossierReads }, caller: Caller, id: string) {
  const { dossier, attachments } = await ownDossierWithAttachments(deps, caller, id);
  return dossierView(dossier, attachments);
}

/**
 * The caller's dossiers, newest first: those their account created and, when the token carries `citizen_id`, those
 * filed on the national portal under that ID number (`linkedId`, its key in the applicants' index), merged by date.
 */
export async function listMyDossiers(
  deps: { dossiers: DossierReads; linkedId: (citizenId: string) => Promise<string | null> },
  caller: Caller,
  query: { pageSize: number; cursor?: string },
) {
  const binding = { subject: caller.subject, pageSize: query.pageSize };
  const after = decodeCursor(query.cursor, binding);
  const [createdAt, id] = after
    ? [after.slice(0, after.lastIndexOf('#')), after.slice(after.lastIndexOf('#') + 1)]
    : [];
  const start = createdAt && id ? { createdAt, id } : undefined;
  const linked = caller.citizenId ? await deps.linkedId(caller.citizenId) : null;
  const pages = await Promise.all(
    [caller.subject, ...(linked ? [linked] : [])].map((applicantId) =>
      deps.dossiers.listByApplicant(applicantId, query.pageSize, start),
    ),
  );
  // Both lists are in the index's order (creation time, then id, descending), after the same position.
  const position = (d: DossierRecord) => `${d.createdAt}#${d.id}`;
  const merged = pages
    .flatMap((page) => page.items)
    .sort((a, b) => (position(a) < position(b) ? 1 : position(a) > position(b) ? -1 : 0));
  const items = merged.slice(0, query.pageSize);
  const more = merged.length > items.length || pages.some((page) => page.more);
  const last = items.at(-1);
  return {
    items: items.map((d) => dossierView(d)),
    nextCursor: more && last ? encodeCursor(position(last), binding) : null,
  };
}

const tooManyAttachments = () =>
  conflict(
    `Hồ sơ đã có ${MAX_ATTACHMENTS} tài liệu, là số tối đa; hãy xóa tài liệu không cần trước khi thêm`,
    `The dossier already has ${MAX_ATTACHMENTS} documents, the most it may hold; delete one not needed first`,
  );

function assertEditable(dossier: DossierRecord) {
  if (dossier.status !== 'draft' && dossier.status !== 'supplement-requested') {
    throw conflict(
      `Hồ sơ đang ở trạng thái ${STATUS_NAMES[dossier.status].vi}, không thể thay đổi giấy tờ`,
      `The dossier is ${STATUS_NAMES[dossier.status].en}; its documents cannot change`,
    );
  }
}

/**
 * The documents a dossier holds: its attachments, uploaded or awaiting their upload, and for a dossier filed on the
 * national portal the places its own documents hold (national: what uploads may not take; read in one Query).
 */
async function heldDocuments(deps: { dossiers: DossierReads }, caller: Caller, id: string) {
  const { dossier, attachments } = await ownDossierWithAttachments(deps, caller, id);
  if (dossier.submittedVia !== 'national-portal') return { dossier, held: attachments.length, national: 0 };
  const whole = await deps.dossiers.getForStaff(id);
  const current = mine(caller, id, whole?.dossier ?? null);
  const records = whole?.nationalDocuments ?? [];
  const national = nationalPlaces(records);
  return { dossier: current, held: uploadsAmong(whole?.attachments ?? [], records) + national, national };
}

/**
 * Takes one of the dossier's places for a new attachment: the places counter lets parallel uploads race for the last
 * ones. A national-portal dossier's supplement pushes take places by version-guarded commits that check the counter;
 * an upload to it commits only while the version it counted the portal's documents at holds, else counts again.
 */
async function addCounted(
  deps: { dossiers: DossierRepository },
  caller: Caller,
  record: AttachmentRecord,
  read: { dossier: DossierRecord; national: number },
) {
  for (let attempt = 1, { dossier, national } = read; ; attempt += 1) {
    try {
      const guard = dossier.submittedVia === 'national-portal' ? dossier.version : undefined;
      await deps.dossiers.addAttachment(record, MAX_ATTACHMENTS - national, guard);
      return;
    } catch (error) {
      // Requests that read fewer documents raced for the last places: the counter let only the first ones in.
      if (error instanceof AttachmentLimitError) throw tooManyAttachments();
      if (!(error instanceof VersionConflictError)) throw error;
      if (attempt >= 10)
        throw conflict(
          'Giấy tờ của hồ sơ đang được thay đổi cùng lúc; hãy thử lại',
          "The dossier's documents are being changed at the same time; try again",
        );
      await jitteredPause(attempt);
      const again = await heldDocuments(deps, caller, record.dossierId);
      assertEditable(again.dossier);
      if (again.held >= MAX_ATTACHMENTS) throw tooManyAttachments();
      ({ dossier, national } = again);
    }
  }
}

export async function requestUpload(
  deps: Pick<DossierDeps, 'dossiers' | 'catalog' | 'uploads' | 'now' | 'newId'>,
  caller: Caller,
  id: string,
  input: { documentType: string; fileName: string; size: number; contentType: string },
) {
  const held = await heldDocuments(deps, caller, id);
  const { dossier } = held;
  assertEditable(dossier);
  if (held.held >= MAX_ATTACHMENTS) throw tooManyAttachments();
  const procedure = await procedureOf(deps, dossier);
  const document = procedure.requiredDocuments.find((d) => d.type === input.documentType);
  const errors = [];
  if (!document)
    errors.push({
      field: 'body.documentType',
      message: {
        vi: `Thủ tục ${procedure.code} không có loại giấy tờ này`,
        en: `Procedure ${procedure.code} has no such document`,
      },
    });
  else {
    if (!document.acceptedContentTypes.includes(input.contentType)) {
      errors.push({
        field: 'body.contentType',
        message: {
          vi: `Giấy tờ này nhận: ${document.acceptedContentTypes.map((t) => typeName(t).vi).join(', ')}`,
          en: `This document takes: ${document.acceptedContentTypes.map((t) => typeName(t).en).join(', ')}`,
        },
      });
    }
    if (input.size > document.maxSizeBytes)
      errors.push({
        field: 'body.size',
        message: {
          vi: `Tối đa ${sizeInWords(document.maxSizeBytes).vi} cho giấy tờ này`,
          en: `At most ${sizeInWords(document.maxSizeBytes).en} for this document`,
        },
      });
  }
  if (errors.length > 0 || !document) {
    throw new HttpProblem(
      'unprocessable-content',
      { vi: 'Tài liệu không phù hợp với thủ tục', en: 'The document does not fit the procedure' },
      errors,
    );
  }
  const attachmentId = deps.newId();
  const fileName = sanitizeFileName(input.fileName);
  const uploadKey = `${UPLOAD_PREFIX}${dossier.id}/${attachmentId}`;
  const now = deps.now();
  const record = pendingDocument({
    dossierId: dossier.id,
    id: attachmentId,
    documentType: document.type,
    fileName,
    contentType: input.contentType,
    declaredSize: input.size,
    uploadKey,
    now,
  });
  await addCounted(deps, caller, record, held);
  // The form takes the declared size only (at most the document type's maximum, checked above).
  const upload = await deps.uploads.presignPost(
    uploadKey,
    input.contentType,
    { min: input.size, max: input.size },
    UPLOAD_EXPIRES_SECONDS,
  );
  return {
    attachmentId,
    fileName,
    upload,
    expiresAt: new Date(now + UPLOAD_EXPIRES_SECONDS * 1000).toISOString(),
  };
}

/**
 * Verifies what was uploaded and keeps exactly the bytes it verified, under a key named by their SHA-256 that no
 * upload form can write: the presigned form stays usable until it expires, so the upload itself proves nothing later.
 */
export async function completeUpload(
  deps: Pick<DossierDeps, 'dossiers' | 'catalog' | 'storage' | 'now'>,
  caller: Caller,
  id: string,
  attachmentId: string,
) {
  const { dossier, attachment } = await ownAttachment(deps, caller, id, attachmentId);
  if (attachment.status === 'verified') return attachmentView(dossier, attachment);
  assertEditable(dossier);
  const procedure = await procedureOf(deps, dossier);
  const maxBytes =
    procedure.requiredDocuments.find((d) => d.type === attachment.documentType)?.maxSizeBytes ?? 0;
  const stored = await deps.storage.read(attachment.uploadKey, maxBytes);
  if (!stored) {
    throw conflict('Chưa tải tệp lên', 'Nothing was uploaded yet');
  }
  const problem = await refusalOf(stored, maxBytes, attachment);
  if (problem) {
    await deps.dossiers.deletePendingAttachment(id, attachmentId);
    await discard(deps.storage, [attachment.uploadKey]);
    throw new HttpProblem('unprocessable-content', problem, [{ field: 'file', message: problem }]);
  }
  const objectKey = `${VERIFIED_PREFIX}${id}/${attachmentId}/${stored.sha256}`;
  await deps.storage.write(objectKey, stored, attachment.contentType);
  const verified: AttachmentRecord = {
    ...attachment,
    objectKey,
    status: 'verified',
    size: stored.size,
    sha256: stored.sha256,
    verifiedAt: new Date(deps.now()).toISOString(),
  };
  if (!(await deps.dossiers.verifyAttachment(verified))) {
    // Another request verified or deleted it meanwhile. The same content verified is the same answer.
    const current = (await deps.dossiers.getWithAttachments(id))?.attachments.find(
      (a) => a.id === attachmentId,
    );
    if (current?.objectKey === objectKey) return attachmentView(dossier, current);
    await discard(deps.storage, [objectKey]);
    throw conflict(
      'Tài liệu vừa được xác minh hoặc xóa bởi một yêu cầu khác',
      'The attachment was verified or deleted meanwhile by another request',
    );
  }
  // The upload itself is left to the bucket's lifecycle rule (it holds the same bytes as the verified copy).
  return attachmentView(dossier, verified);
}

/**
 * Deletes a document not handed in with the dossier: its record first, so a refused delete removes no file. Deleting
 * a verified document moves the dossier's version on, so a submission that counted it fails instead of handing in
 * a document that is gone.
 */
export async function deleteAttachment(
  deps: Pick<DossierDeps, 'dossiers' | 'storage'>,
  caller: Caller,
  id: string,
  attachmentId: string,
) {
  const { dossier, attachment } = await ownAttachment(deps, caller, id, attachmentId);
  if (dossier.handedIn.includes(attachmentId)) {
    throw conflict(
      'Tài liệu đã nộp cùng hồ sơ không thể xóa',
      'A document handed in with the dossier cannot be deleted',
    );
  }
  const deleted =
    attachment.status === 'pending'
      ? await deps.dossiers.deletePendingAttachment(id, attachmentId)
      : await deps.dossiers.deleteVerifiedAttachment(id, dossier.version, attachmentId);
  if (!deleted) throw changedMeanwhile();
  await discard(deps.storage, [attachment.uploadKey, attachment.objectKey]);
}

export async function submitDossier(
  deps: Pick<DossierDeps, 'dossiers' | 'catalog' | 'limits' | 'pipeline' | 'now'>,
  caller: Caller,
  id: string,
) {
  const own = await ownDossierWithAttachments(deps, caller, id);
  const dossier = own.dossier;
  if (dossier.status !== 'draft')
    throw conflict(
      `Hồ sơ đã được nộp (trạng thái: ${STATUS_NAMES[dossier.status].vi})`,
      `The dossier was already submitted (it is ${STATUS_NAMES[dossier.status].en})`,
    );
  const procedure = await procedureOf(deps, dossier);
  const attachments = own.attachments.filter((a) => a.status === 'verified');
  const missing = procedure.requiredDocuments.filter(
    (d) => d.mandatory && !attachments.some((a) => a.documentType === d.type),
  );
  if (missing.length > 0) {
    throw new HttpProblem(
      'unprocessable-content',
      {
        vi: `Thiếu tài liệu bắt buộc: ${missing.map((d) => d.name).join('; ')}`,
        en: `Mandatory documents missing: ${missing.map((d) => d.type).join(', ')}`,
      },
      missing.map((d) => ({
        field: `documents.${d.type}`,
        // Document names are catalog data, in Vietnamese only: the English answer names the type.
        message: { vi: `Còn thiếu: ${d.name}`, en: `Missing: the document of type ${d.type}` },
      })),
    );
  }
  const now = deps.now();
  const submissions = submissionWindow(caller.subject, now);
  const allowances = [
    { window: submissions, delta: 1 as const, max: deps.limits.submissionsPerHour },
    // The draft gives its place back to the day it was opened.
    { window: draftWindow(caller.subject, Date.parse(dossier.createdAt)), delta: -1 as const },
  ];
  let lastIssued: number | undefined;
  let place: number | undefined;
  for (;;) {
    lastIssued ??= await deps.dossiers.lastIssuedSequence(dossier.receivingUnit, localDateAt(now));
    const next = codeAfter(dossier.receivingUnit, now, lastIssued);
    const result = act(dossier, { type: 'submit' }, applicantActor(caller), now, {
      note: `code=${next.code}`,
      documentHashes: attachments.map((a) => a.sha256!).sort(),
    });
    if (!result.ok) throw conflict('Không thể nộp hồ sơ lúc này', 'The dossier cannot be submitted now');
    const submitted: DossierRecord = {
      ...result.dossier,
      code: next.code,
      submittedAt: new Date(now).toISOString(),
      // From here on the dossier follows this version of the procedure, whatever an operator changes later.
      procedureVersion: procedure.version,
      pendingStage: 'intake',
      handedIn: attachments.map((a) => a.id),
    };
    try {
      // The code is consumed only with the submission that commits it: a losing submission burns none.
      await deps.dossiers.commit(submitted, dossier.version, [result.event], [], {
        sequence: { unit: next.unit, date: next.date, lastIssued },
        allowances,
      });
    } catch (error) {
      if (!(error instanceof SequenceTakenError)) {
        // Leaving without a code: the waiters behind this one's place do not wait for it.
        await leaveLine(deps, next.unit, next.date, place);
        if (error instanceof VersionConflictError) throw changedMeanwhile();
        if (error instanceof AllowanceExhaustedError) throw allowanceExhausted(submissions, deps.limits, now);
        throw error;
      }
      // Lost the unit's next code to another submission: its turn in the unit's line (code-line.ts), or a 503.
      const turn = await nextTurn(deps, next, place, now);
      if (!turn) throw busyUnit();
      ({ lastIssued, place } = turn);
      continue;
    }
    await leaveLine(deps, next.unit, next.date, place);
    await deps.pipeline.toStage('intake', submitted.id);
    return dossierView(submitted, attachments);
  }
}

/** The code after `lastIssued`, or a 503 until the next day when the unit has issued every code of this one. */
export function codeAfter(unit: string, now: number, lastIssued: number) {
  try {
    return nextDossierCode(unit, now, lastIssued);
  } catch (error) {
    if (!(error instanceof DailyCodesExhaustedError)) throw error;
    const midnight = Date.parse(`${error.date}T00:00:00+07:00`) + 86_400_000;
    throw new HttpProblem(
      'service-unavailable',
      {
        vi: `Đơn vị tiếp nhận đã cấp hết ${MAX_DAILY_SEQUENCE} mã hồ sơ của ngày ${error.date}; hãy nộp lại vào ngày hôm sau`,
        en: `The receiving unit has issued all ${MAX_DAILY_SEQUENCE} dossier codes of ${error.date}; submit again the next day`,
      },
      [],
      { 'retry-after': String(Math.max(1, Math.ceil((midnight - now) / 1000))) },
    );
  }
}

const busyUnit = () =>
  new HttpProblem(
    'service-unavailable',
    {
      vi: 'Đơn vị tiếp nhận đang nhận rất nhiều hồ sơ cùng lúc; hồ sơ của bạn chưa được nộp, hãy thử lại sau giây lát',
      en: 'The receiving unit is taking very many dossiers at once; yours was not submitted yet, try again in a moment',
    },
    [],
    { 'retry-after': '1' },
  );

/**
 * The applicant answers a supplement request: at least one document verified since the request, then the dossier
 * goes back to where it was asked: at reception, the receiving officer's list; at a processing step, that step, in
 * its agency's inbox, with the deadline recomputed by the procedure's policy (restart: the whole period again; pause:
 * the working days that were left).
 */
export function submitSupplement(
  deps: Pick<DossierDeps, 'dossiers' | 'catalog' | 'now'> & { calendar: Calendar },
  caller: Caller,
  id: string,
) {
  // The notification of the request may be recorded at the same moment: that write is not a reason to refuse.
  return onFreshRead(() => handInSupplement(deps, caller, id));
}

async function handInSupplement(
  deps: Pick<DossierDeps, 'dossiers' | 'catalog' | 'now'> & { calendar: Calendar },
  caller: Caller,
  id: string,
) {
  const { dossier, attachments } = await ownDossierWithAttachments(deps, caller, id);
  const request = dossier.supplementRequest;
  if (dossier.status !== 'supplement-requested' || !request) {
    throw conflict(
      `Hồ sơ không có yêu cầu bổ sung nào đang chờ (trạng thái: ${STATUS_NAMES[dossier.status].vi})`,
      `The dossier has no open supplement request (it is ${STATUS_NAMES[dossier.status].en})`,
    );
  }
  const added = attachments.filter((a) => a.status === 'verified' && !dossier.handedIn.includes(a.id));
  if (added.length === 0) {
    throw new HttpProblem(
      'unprocessable-content',
      {
        vi: 'Chưa có tài liệu bổ sung nào được xác minh',
        en: 'No supplementary document has been verified yet',
      },
      [
        {
          field: 'documents',
          message: {
            vi: 'Hãy tải lên và xác minh các giấy tờ được yêu cầu trước',
            en: 'Upload and verify the requested documents first',
          },
        },
      ],
    );
  }
  const answered = await supplementAnswer(deps, dossier, added, applicantActor(caller), deps.now());
  if (!answered) throw conflict('Không thể nộp bổ sung lúc này', 'The supplement cannot be handed in now');
  await deps.dossiers.commit(answered.dossier, dossier.version, [answered.event]);
  return dossierView(answered.dossier, attachments);
}

/**
 * The supplement request answered with `added` (verified documents not handed in before): the dossier back where it
 * was asked, its deadline resumed, and the event; null when its status takes no supplement. The applicant's upload
 * (above) and the national portal's update (functions/national-inbound/fetching.ts) both answer so.
 */
export async function supplementAnswer(
  deps: Pick<DossierDeps, 'catalog'> & { calendar: Calendar },
  dossier: DossierRecord,
  added: AttachmentRecord[],
  actor: Actor,
  now: number,
): Promise<{ dossier: DossierRecord; event: HistoryEvent } | null> {
  const resumed = await resumedClock(deps, dossier, now);
  const hashes = added.map((a) => a.sha256!).sort();
  const result = act(dossier, { type: 'receive-supplement', documentHashes: hashes }, actor, now, {
    documentHashes: hashes,
    ...(resumed ? { note: resumed.note } : {}),
  });
  if (!result.ok) return null;
  const resubmitted: DossierRecord = {
    ...result.dossier,
    supplementRequest: null,
    pendingStage: result.dossier.status === 'submitted' ? 'reception' : null,
    handedIn: [...dossier.handedIn, ...added.map((a) => a.id)],
    ...(resumed
      ? {
          clock: resumed.clock,
          step: resumed.step ?? null,
          state: { ...result.dossier.state, dueAt: resumed.deadline.dueAt },
          statutoryDueAt: resumed.deadline.statutoryDueAt,
        }
      : {}),
  };
  return { dossier: resubmitted, event: result.event };
}

/**
 * The deadline once the supplement arrives, when the clock was paused for it (a request at a processing step; one
 * at reception came before the clock started): the clock with its new event, the deadline, and the history's note.
 */
async function resumedClock(
  deps: Pick<DossierDeps, 'catalog'> & { calendar: Calendar },
  dossier: DossierRecord,
  now: number,
) {
  if (dossier.clock?.at(-1)?.type !== 'supplement-requested') return null;
  const procedure = await submittedProcedureOf(deps, dossier);
  const clock: ClockEvent[] = [...dossier.clock, { type: 'supplement-received', at: now }];
  const deadline = computeDeadline(
    deps.calendar,
    { workingDays: procedure.processingDays, supplementPolicy: procedure.supplementPolicy },
    clock,
  );
  const due = deadline.dueAt === null ? 'none' : new Date(deadline.dueAt).toISOString();
  const asked = dossier.clock.at(-1)!.at;
  const share = procedure.routingSteps.find((s) => s.id === dossier.step?.id)?.workingDays;
  // The step that asked gets its own share back the same way, so the agency's inbox shows its real due date.
  const step =
    dossier.step && share
      ? resumeStep(deps.calendar, dossier.step, share, procedure.supplementPolicy, asked, now)
      : dossier.step;
  return {
    clock,
    deadline,
    step,
    note: `policy=${procedure.supplementPolicy} due=${due}${step ? ` stepDue=${step.dueAt}` : ''}`,
  };
}
