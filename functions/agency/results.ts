// Result documents (kết quả giải quyết): an officer processing a dossier uploads them through a presigned POST, and
// the server verifies each and keeps exactly the verified bytes, ready for the `resolve` action to hand over.
import type { AttachmentRecord, DossierRecord } from '../../shared/dossier/model.js';
import { pendingDocument, UPLOAD_PREFIX, VERIFIED_PREFIX } from '../../shared/dossier/documents.js';
import { ResultLimitError, type DossierRepository } from '../../shared/dossier/repository.js';
import { sanitizeFileName, type AttachmentStorage } from '../../shared/dossier/storage.js';
import type { UploadPresigner } from '../../shared/dossier/upload-presigner.js';
import { refusalOf, typeName } from '../../shared/dossier/upload-check.js';
import { requireDuty } from '../../shared/http/duties.js';
import type { Caller } from '../../shared/http/handler.js';
import { sizeInWords, STATUS_NAMES } from '../../shared/http/messages.js';
import { HttpProblem, notFound } from '../../shared/http/problem.js';
import { logger } from '../../shared/powertools.js';
import type { ToSignatureCheck } from '../../shared/adapters/signature-queue.js';
import { actionableBy } from './access.js';
import { hasSignaturesToCheck } from './result-signatures.js';

export interface ResultDeps {
  dossiers: DossierRepository;
  uploads: UploadPresigner;
  storage: AttachmentStorage;
  now: () => number;
  newId: () => string;
  /** Hands a verified PDF result to the signature check (functions/agency/result-signatures.ts). */
  toSignatureCheck: ToSignatureCheck;
}

export const RESULT_CONTENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export const MAX_RESULT_BYTES = 20 * 1024 * 1024;
/** Results a dossier may hold, pending ones included: bounds its partition and the resolve action's list. */
export const MAX_RESULTS = 20;
const UPLOAD_EXPIRES_SECONDS = 600;

const conflict = (vi: string, en: string) => new HttpProblem('conflict', { vi, en });

const tooManyResults = () =>
  conflict(
    `Hồ sơ đã có ${MAX_RESULTS} tài liệu kết quả, là số tối đa`,
    `The dossier already has ${MAX_RESULTS} result documents, the most it may hold`,
  );

/** Results are made while the dossier is processed; afterwards they are what was handed over, and stay so. */
function assertProcessing(dossier: DossierRecord) {
  if (dossier.status !== 'processing') {
    throw conflict(
      `Hồ sơ đang ở trạng thái ${STATUS_NAMES[dossier.status].vi}, không thể thêm tài liệu kết quả`,
      `The dossier is ${STATUS_NAMES[dossier.status].en}; result documents cannot be added now`,
    );
  }
}

/** The dossier at the caller's agency now, to an officer who processes or approves it (404, 403 otherwise). */
async function dossierToWorkOn(deps: Pick<ResultDeps, 'dossiers'>, caller: Caller, id: string) {
  const found = await deps.dossiers.getForStaff(id);
  const dossier = actionableBy(caller, id, found?.dossier, undefined);
  requireDuty(caller, 'process', 'approve');
  return { dossier, results: found!.results };
}

export const resultView = (result: AttachmentRecord) => ({
  id: result.id,
  fileName: result.fileName,
  contentType: result.contentType,
  size: result.size!,
  sha256: result.sha256!,
  status: 'verified' as const,
  /** A PDF's signature check: `pending` until the signatures consumer has recorded it. */
  signatures:
    result.contentType !== 'application/pdf'
      ? ('none' as const)
      : result.signatureCheck
        ? ('checked' as const)
        : ('pending' as const),
});

export async function requestResultUpload(
  deps: Pick<ResultDeps, 'dossiers' | 'uploads' | 'now' | 'newId'>,
  caller: Caller,
  id: string,
  input: { fileName: string; size: number; contentType: string },
) {
  const { dossier, results } = await dossierToWorkOn(deps, caller, id);
  assertProcessing(dossier);
  if (results.length >= MAX_RESULTS) throw tooManyResults();
  const errors = [];
  if (!(RESULT_CONTENT_TYPES as readonly string[]).includes(input.contentType)) {
    errors.push({
      field: 'body.contentType',
      message: {
        vi: `Tài liệu kết quả nhận: ${RESULT_CONTENT_TYPES.map((t) => typeName(t).vi).join(', ')}`,
        en: `A result document takes: ${RESULT_CONTENT_TYPES.map((t) => typeName(t).en).join(', ')}`,
      },
    });
  }
  if (input.size > MAX_RESULT_BYTES) {
    errors.push({
      field: 'body.size',
      message: {
        vi: `Tối đa ${sizeInWords(MAX_RESULT_BYTES).vi} cho một tài liệu kết quả`,
        en: `At most ${sizeInWords(MAX_RESULT_BYTES).en} for a result document`,
      },
    });
  }
  if (errors.length > 0) {
    throw new HttpProblem(
      'unprocessable-content',
      { vi: 'Tài liệu kết quả không được chấp nhận', en: 'The result document cannot be accepted' },
      errors,
    );
  }
  const resultId = deps.newId();
  const fileName = sanitizeFileName(input.fileName);
  const uploadKey = `${UPLOAD_PREFIX}${dossier.id}/results/${resultId}`;
  const now = deps.now();
  const record = pendingDocument({
    dossierId: dossier.id,
    id: resultId,
    documentType: 'result',
    fileName,
    contentType: input.contentType,
    declaredSize: input.size,
    uploadKey,
    now,
  });
  try {
    await deps.dossiers.addResult(record, MAX_RESULTS);
  } catch (error) {
    // Requests that read fewer results raced for the last places: the counter let only the first ones in.
    if (error instanceof ResultLimitError) throw tooManyResults();
    throw error;
  }
  const upload = await deps.uploads.presignPost(
    uploadKey,
    input.contentType,
    { min: input.size, max: input.size },
    UPLOAD_EXPIRES_SECONDS,
  );
  return {
    resultId,
    fileName,
    upload,
    expiresAt: new Date(now + UPLOAD_EXPIRES_SECONDS * 1000).toISOString(),
  };
}

/**
 * Verifies what was uploaded and keeps exactly the bytes it verified, under a key named by their SHA-256 that no
 * upload form can write. The history is not written here: it is hash-chained and version-guarded, so recording each
 * result would contend with the other officers' actions; `resolve` records the hashes of the results it hands over.
 * Objects are never deleted here (this function may only read uploads and write verified copies): a refused upload
 * expires by the bucket's lifecycle rule.
 */
export async function completeResultUpload(
  deps: Pick<ResultDeps, 'dossiers' | 'storage' | 'now' | 'toSignatureCheck'>,
  caller: Caller,
  id: string,
  resultId: string,
) {
  const { dossier, results } = await dossierToWorkOn(deps, caller, id);
  const result = results.find((r) => r.id === resultId);
  if (!result) throw notFound({ vi: `Không có tài liệu kết quả ${resultId}`, en: `No result ${resultId}` });
  if (result.status === 'verified') {
    // Confirmed again: a result whose hand-over to the signature check was lost is handed over again.
    if (hasSignaturesToCheck(result)) await deps.toSignatureCheck(id, resultId);
    return resultView(result);
  }
  assertProcessing(dossier);
  const stored = await deps.storage.read(result.uploadKey, MAX_RESULT_BYTES);
  if (!stored) throw conflict('Chưa tải tệp lên', 'Nothing was uploaded yet');
  const problem = await refusalOf(stored, MAX_RESULT_BYTES, result);
  if (problem) {
    await deps.dossiers.deletePendingResult(id, resultId);
    throw new HttpProblem('unprocessable-content', problem, [{ field: 'file', message: problem }]);
  }
  const objectKey = `${VERIFIED_PREFIX}${id}/results/${resultId}/${stored.sha256}`;
  await deps.storage.write(objectKey, stored, result.contentType);
  const verified: AttachmentRecord = {
    ...result,
    objectKey,
    status: 'verified',
    size: stored.size,
    sha256: stored.sha256,
    verifiedAt: new Date(deps.now()).toISOString(),
  };
  if (!(await deps.dossiers.verifyResult(verified))) {
    // Another request verified or deleted it meanwhile. The same content verified is the same answer.
    const current = (await deps.dossiers.getForStaff(id))?.results.find((r) => r.id === resultId);
    if (current?.objectKey === objectKey) {
      if (hasSignaturesToCheck(current)) await deps.toSignatureCheck(id, resultId);
      return resultView(current);
    }
    logger.warn('Verified copy left behind', { objectKey });
    throw conflict(
      'Tài liệu kết quả vừa được xác minh hoặc xóa bởi một yêu cầu khác',
      'The result was verified or deleted meanwhile by another request',
    );
  }
  if (hasSignaturesToCheck(verified)) await deps.toSignatureCheck(id, resultId);
  return resultView(verified);
}
