// Checking a copy of a document off the request path: a copy up to 20 MB arrives through a presigned POST (or, up to
// 4 MiB, as the body of `/verify`), a known one is answered from the registry by its SHA-256, and the signatures of an
// unknown one are checked by the `copies` queue's consumer (the verifier, pkijs, is too heavy for a route's cold
// start). The client polls `GET /verify/uploads/{id}`. Nothing here is about the applicant: a check holds the copy's
// hash and what its signatures are worth.
import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { HttpProblem, notFound } from '../../shared/http/problem.js';
import type { StoredObject } from '../../shared/dossier/storage.js';
import type { UploadPresigner } from '../../shared/dossier/upload-presigner.js';
import type { PdfVerification } from '../../shared/signing/verify-pdf.js';
import type { CopyCheckStore, CopyHeader, ToCopyCheck } from './copy-check-store.js';
import { publicView, verifyByHash, type VerifyDeps } from './use-cases.js';

/** A copy may be as large as a result document an agency uploads. */
export const MAX_COPY_BYTES = 20 * 1024 * 1024;
/** Copies land under the uploads prefix, whose lifecycle rule deletes them after a day; nothing else is kept. */
export const COPY_UPLOAD_PREFIX = 'uploads/verify/';
const UPLOAD_EXPIRES_SECONDS = 600;
const CHECK_LIFETIME_MS = 86_400_000;
export const POLL_AFTER_SECONDS = 2;
/**
 * A pending check is handed to the queue again only once its last message is this old: longer than the consumer's
 * timeout (30 s), so a check the verifier is working on is not queued twice, and a client polling by POST queues at
 * most one message a minute however often it asks.
 */
export const REQUEUE_AFTER_MS = 60_000;

/** The `copies` queue's message: the check to run. */
export const copyCheckMessage = z.object({ id: z.uuid() });

export type CopyCheckStatus = 'awaiting-file' | 'pending' | 'done' | 'refused';
export type CopyRefusal = 'not-pdf' | 'too-large' | 'missing';

export interface CopyCheck {
  id: string;
  objectKey: string;
  status: CopyCheckStatus;
  createdAt: string;
  /** After this the check and its copy are gone (the item's TTL, the bucket's lifecycle). */
  expiresAt: string;
  /** The copy's SHA-256 once known: at once for a body, when checked for an upload. */
  sha256: string | null;
  /** For an unknown copy, what the verifier found; null for a registered one (the registry answers). */
  report: PdfVerification | null;
  refusal: CopyRefusal | null;
  checkedAt: string | null;
  /** When the check was last handed to the queue; null while it never was (or its send failed). */
  queuedAt: string | null;
}

export interface CopyCheckDeps {
  checks: CopyCheckStore;
  now: () => number;
}

export const checkPath = (id: string) => `/verify/uploads/${id}`;

/** A check under way, as the 202 answers show it. */
const stateOf = (check: CopyCheck) => ({
  id: check.id,
  status: 'pending' as const,
  check: checkPath(check.id),
});

const isPdf = (bytes: Buffer) => bytes.subarray(0, 5).toString('latin1') === '%PDF-';

const notPdf = (field: string) =>
  new HttpProblem(
    'unprocessable-content',
    { vi: 'Tệp gửi lên không phải PDF', en: 'The file sent is not a PDF' },
    [
      {
        field,
        message: {
          vi: 'Tệp phải là PDF (bắt đầu bằng %PDF-)',
          en: 'The file must be a PDF (starting with %PDF-)',
        },
      },
    ],
  );

const unknownCheck = () =>
  notFound({
    vi: 'Không có lượt xác thực tệp nào với mã này (hoặc đã hết hạn sau một ngày)',
    en: 'No copy check has this id (or it expired after a day)',
  });

async function liveCheck(deps: CopyCheckDeps, id: string): Promise<CopyCheck> {
  const check = await deps.checks.get(id);
  if (!check || Date.parse(check.expiresAt) <= deps.now()) throw unknownCheck();
  return check;
}

function newCheck(id: string, now: number, fields: Partial<CopyCheck> = {}): CopyCheck {
  return {
    id,
    objectKey: `${COPY_UPLOAD_PREFIX}${id}`,
    status: 'awaiting-file',
    createdAt: new Date(now).toISOString(),
    expiresAt: new Date(now + CHECK_LIFETIME_MS).toISOString(),
    sha256: null,
    report: null,
    refusal: null,
    checkedAt: null,
    queuedAt: null,
    ...fields,
  };
}

/** `POST /verify/uploads`: a check waiting for its file, and the presigned POST that may write exactly that file. */
export async function requestCopyUpload(
  deps: CopyCheckDeps & { uploads: UploadPresigner; newId: () => string },
) {
  const now = deps.now();
  const check = newCheck(deps.newId(), now);
  if (!(await deps.checks.create(check))) throw new Error(`Copy check id ${check.id} taken`);
  const upload = await deps.uploads.presignPost(
    check.objectKey,
    'application/pdf',
    { min: 1, max: MAX_COPY_BYTES },
    UPLOAD_EXPIRES_SECONDS,
  );
  return {
    id: check.id,
    upload,
    expiresAt: new Date(now + UPLOAD_EXPIRES_SECONDS * 1000).toISOString(),
    check: checkPath(check.id),
  };
}

/**
 * Hands a pending check to the queue, unless a message went for it less than REQUEUE_AFTER_MS ago: the conditional
 * write of `queuedAt` lets one of parallel requests send, and a send that fails gives `queuedAt` back, so the next
 * request sends at once.
 */
async function queueCheck(deps: CopyCheckDeps & { toCheck: ToCopyCheck }, check: CopyCheck): Promise<void> {
  const now = deps.now();
  const queuedAt = check.queuedAt ?? null;
  if (queuedAt !== null && now - Date.parse(queuedAt) < REQUEUE_AFTER_MS) return;
  const queued = { ...check, queuedAt: new Date(now).toISOString() };
  if (await deps.checks.requeue(queued, queuedAt)) await send(deps, queued);
}

/** Sends a check whose `queuedAt` was just written; a failed send gives it back (null), so the next request sends. */
async function send(deps: CopyCheckDeps & { toCheck: ToCopyCheck }, queued: CopyCheck): Promise<void> {
  try {
    await deps.toCheck(queued.id);
  } catch (error) {
    // Best effort: were this write lost too, a request after REQUEUE_AFTER_MS would send.
    await deps.checks.requeue({ ...queued, queuedAt: null }, queued.queuedAt).catch(() => false);
    throw error;
  }
}

/**
 * `POST /verify/uploads/{id}`: the uploaded file goes to the verifier once. Concurrent requests move the check out of
 * `awaiting-file` once (a conditional write); a check still pending is queued again only when its last message is
 * older than REQUEUE_AFTER_MS (a message lost after the move), and the consumer records a result once.
 */
export async function askCopyCheck(
  deps: CopyCheckDeps & { header: CopyHeader; toCheck: ToCopyCheck },
  id: string,
): Promise<{ state: ReturnType<typeof stateOf>; pending: boolean }> {
  let check = await liveCheck(deps, id);
  if (check.status === 'awaiting-file') {
    const header = await deps.header(check.objectKey);
    if (!header)
      throw new HttpProblem('conflict', {
        vi: 'Chưa có tệp: hãy gửi tệp theo biểu mẫu tải lên trước',
        en: 'No file was uploaded yet: post it to the upload form first',
      });
    if (!isPdf(header)) throw notPdf('file');
    const moved = { ...check, status: 'pending' as const, queuedAt: null };
    check = (await deps.checks.move(moved, 'awaiting-file')) ? moved : await liveCheck(deps, id);
  }
  if (check.status === 'pending') await queueCheck(deps, check);
  return { state: stateOf(check), pending: check.status === 'pending' };
}

/**
 * `GET` and `POST /verify` with the PDF as the body: a registered copy is answered at once by its hash; an unknown one
 * is stored and handed to the verifier, and the answer names the check to poll.
 *
 * The pending check is its own outbox. A client whose request failed on the send never learnt the check's id, so the
 * check is also found by the copy's hash (a pointer item, read by key): the same bytes sent again while their check is
 * pending get that check, queued again if its send failed or its message is over REQUEUE_AFTER_MS old, and nothing is
 * stored twice. Only a sender of the very bytes is led to the check. No sweeper re-sends a check nobody asks about:
 * only its sender waits for it, and without the id only that sender's request can name it.
 */
export async function submitCopy(
  deps: CopyCheckDeps &
    VerifyDeps & {
      store: (key: string, object: StoredObject) => Promise<void>;
      toCheck: ToCopyCheck;
      newId: () => string;
    },
  pdf: Buffer,
): Promise<
  | { known: true; answer: Awaited<ReturnType<typeof publicView>> }
  | { known: false; state: ReturnType<typeof stateOf> }
> {
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  const found = await deps.registry.find(sha256);
  if (found) return { known: true, answer: await publicView(deps, found) };
  if (!isPdf(pdf)) throw notPdf('body');
  const earlier = await deps.checks.forCopy(sha256);
  if (earlier?.status === 'pending' && Date.parse(earlier.expiresAt) > deps.now()) {
    await queueCheck(deps, earlier);
    return { known: false, state: stateOf(earlier) };
  }
  const now = deps.now();
  const check = newCheck(deps.newId(), now, {
    status: 'pending',
    sha256,
    queuedAt: new Date(now).toISOString(),
  });
  await deps.store(check.objectKey, { bytes: pdf, size: pdf.byteLength, sha256 });
  if (!(await deps.checks.create(check))) throw new Error(`Copy check id ${check.id} taken`);
  // Before the send, so that a send that fails leaves the check findable by the bytes sent again.
  await deps.checks.pointCopy(sha256, check);
  await send(deps, check);
  return { known: false, state: stateOf(check) };
}

const REFUSALS: Record<CopyRefusal, { vi: string; en: string }> = {
  'not-pdf': { vi: 'Tệp gửi lên không phải PDF', en: 'The file sent is not a PDF' },
  'too-large': { vi: 'Tệp lớn hơn 20 MB', en: 'The file is larger than 20 MB' },
  missing: {
    vi: 'Tệp không còn: hãy tải lên lại',
    en: 'The file is no longer there: upload it again',
  },
};

/** `GET /verify/uploads/{id}`: 202 while pending, then the registry's answer or the signature report. */
export async function copyCheckAnswer(deps: CopyCheckDeps & VerifyDeps, id: string) {
  const check = await liveCheck(deps, id);
  if (check.status === 'awaiting-file')
    throw new HttpProblem('conflict', {
      vi: `Chưa yêu cầu xác thực: sau khi tải tệp lên, gửi POST ${checkPath(id)}`,
      en: `The check was not asked for: once the file is uploaded, POST ${checkPath(id)}`,
    });
  if (check.status === 'pending') return { pending: true as const, state: stateOf(check) };
  if (check.status === 'refused' || !check.sha256) {
    const why = REFUSALS[check.refusal ?? 'missing'];
    throw new HttpProblem('unprocessable-content', why, [{ field: 'file', message: why }]);
  }
  if (!check.report) return { pending: false as const, answer: await verifyByHash(deps, check.sha256) };
  return {
    pending: false as const,
    answer: {
      sha256: check.sha256,
      known: false as const,
      verdict: check.report.verdict,
      signatures: check.report.signatures,
    },
  };
}

/** The consumer's part: reads the copy, looks its hash up, verifies an unknown one's signatures, records it once. */
export async function runCopyCheck(
  deps: CopyCheckDeps & {
    registry: VerifyDeps['registry'];
    read: (key: string, maxBytes: number) => Promise<StoredObject | null>;
    verify: (pdf: Buffer) => Promise<PdfVerification>;
  },
  message: { id: string },
): Promise<'done' | 'skipped'> {
  const check = await deps.checks.get(message.id);
  // Gone, or already checked (a redelivery, or a second request's message): nothing to do.
  if (!check || check.status !== 'pending') return 'skipped';
  const stored = await deps.read(check.objectKey, MAX_COPY_BYTES);
  const refusal: CopyRefusal | null = !stored
    ? 'missing'
    : stored.size > MAX_COPY_BYTES
      ? 'too-large'
      : !isPdf(stored.bytes)
        ? 'not-pdf'
        : null;
  const checkedAt = new Date(deps.now()).toISOString();
  if (refusal || !stored)
    return (await deps.checks.move({ ...check, status: 'refused', refusal, checkedAt }, 'pending'))
      ? 'done'
      : 'skipped';
  const known = await deps.registry.find(stored.sha256);
  const verified = known ? null : await deps.verify(stored.bytes);
  const report = verified && { verdict: verified.verdict, signatures: verified.signatures };
  const done: CopyCheck = { ...check, status: 'done', sha256: stored.sha256, report, checkedAt };
  return (await deps.checks.move(done, 'pending')) ? 'done' : 'skipped';
}
