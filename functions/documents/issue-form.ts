// Issuing a form off the request path: the documents consumer renders a pending form from the facts recorded with its
// event, signs it (PAdES, the organisation's key), stores the signed bytes under their SHA-256, and records the issue
// (form id, hash, content hash) in the hash-chained history. Idempotent: a form is issued once, guarded by its pending
// status and the dossier's version, whatever is redelivered.
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { CatalogRepository } from '../../shared/catalog/repository.js';
import type { Actor } from '../../shared/domain/dossier/status-machine.js';
import type {
  ApologyLetterData,
  RefusalData,
  StopNoticeData,
  SupplementRequestData,
} from '../../shared/dossier/letters.js';
import { record } from '../../shared/dossier/aggregate.js';
import { inProcedureOrder } from '../../shared/dossier/documents.js';
import { formObjectKey } from '../../shared/dossier/forms.js';
import type { DossierRecord, FormRecord } from '../../shared/dossier/model.js';
import type { ReceiptData } from '../../shared/dossier/receipt.js';
import { VersionConflictError, type DossierRepository } from '../../shared/dossier/repository.js';
import { jitteredPause } from '../../shared/retry.js';
import type { AttachmentStorage } from '../../shared/dossier/storage.js';
import { verificationCode, type FormVerification } from '../../shared/dossier/verification-mark.js';
import type { SignatureDetails } from '../../shared/signing/pades.js';
import { formRegistryWrites, type RegisteredDocument } from '../../shared/signing/verify-registry.js';
import { maskTail } from '../../shared/redact.js';

export const DOCUMENTS_ACTOR: Actor = { id: 'documents', role: 'system' };

export interface FormRenderers {
  receipt: (data: ReceiptData) => Promise<Buffer>;
  'supplement-request': (data: SupplementRequestData) => Promise<Buffer>;
  refusal: (data: RefusalData) => Promise<Buffer>;
  apology: (data: ApologyLetterData) => Promise<Buffer>;
  'stop-notice': (data: StopNoticeData) => Promise<Buffer>;
}

/** What a form states, by type: hashed as its content record before rendering, then rendered with its mark. */
type FormContent = {
  [T in keyof FormRenderers]: { type: T; data: Parameters<FormRenderers[T]>[0] };
}[keyof FormRenderers];

export interface IssueFormDeps {
  dossiers: DossierRepository;
  catalog: CatalogRepository;
  storage: Pick<AttachmentStorage, 'write'>;
  render: FormRenderers;
  /**
   * The organisation's signature (PAdES, through KMS in AWS): between the rendered bytes and the stored ones, so the
   * hash stored and recorded is that of the signed form.
   */
  sign: (pdf: Buffer, details: SignatureDetails) => Promise<Buffer>;
  /**
   * The product's verifier over the signed form, against the trusted roots: what the public verification answers of
   * it (signer, verdict). A form whose own check is not `valid` is still issued (the applicant needs it): the
   * registry says so, and the operator sees the chain is not trusted.
   */
  check: (pdf: Buffer) => Promise<Pick<RegisteredDocument, 'signer' | 'signatureVerdict'>>;
  /** The public verification page of a form's content hash (`${PUBLIC_PORTAL_URL}/verify/<sha256>`). */
  verifyUrl: (contentSha256: string) => string;
  /** The signed lookup link of the receipt's QR code and the PIN printed beside it. */
  lookup: (code: string) => Promise<{ lookupUrl: string; pin: string }>;
  now: () => number;
}

export type IssueOutcome = 'done' | 'skipped';

// Officers often act while a form is issued (the receipt as the dossier is routed and worked on): each conflict is
// read again after a growing random pause, so a burst of actions does not exhaust the attempts and leave the form
// to the queue's visibility timeout (three minutes).
const MAX_ATTEMPTS = 12;

export async function issueForm(
  deps: IssueFormDeps,
  dossierId: string,
  formId: string,
): Promise<IssueOutcome> {
  const found = await deps.dossiers.getWithForm(dossierId, formId);
  if (!found.dossier || !found.form || found.form.status !== 'pending') return 'skipped';
  const form = found.form;
  const content = await formContent(deps, found.dossier, form);
  // A PDF cannot hold its own hash: its QR code names the hash of what it states, computed before rendering.
  const contentSha256 = sha256Hex(
    canonicalize({ form: form.id, dossier: found.dossier.code, type: content.type, data: content.data })!,
  );
  const verification: FormVerification = {
    url: deps.verifyUrl(contentSha256),
    code: verificationCode(contentSha256),
  };
  const rendered = await render(deps.render, content, verification);
  // Signed as of the form's event, like its date: a redelivery signs the same bytes (RSA PKCS#1 v1.5 is deterministic).
  const pdf = await deps.sign(rendered, {
    name: content.data.agencyName,
    location: content.data.place ?? '',
    reason: `${SIGNED_AS[content.type]} ${found.dossier.code}`,
    signingTime: new Date(form.createdAt),
  });
  const sha256 = sha256Hex(pdf);
  const checked = await deps.check(pdf);
  const objectKey = formObjectKey(sha256);
  // Named by its hash: a redelivery that renders the same facts writes the same bytes under the same key.
  await deps.storage.write(objectKey, { bytes: pdf, size: pdf.length, sha256 }, 'application/pdf');
  let dossier: DossierRecord | null = found.dossier;
  let current: FormRecord | null = found.form;
  for (let attempt = 1; ; attempt += 1) {
    if (!dossier || !current || current.status !== 'pending') return 'skipped';
    const now = deps.now();
    const recorded = record(dossier, {
      action: 'form-issued',
      actor: DOCUMENTS_ACTOR,
      at: now,
      note: `form=${form.id} type=${form.type} sha256=${sha256} contentSha256=${contentSha256}`,
      documentHashes: [sha256],
    });
    const issued: FormRecord = {
      ...current,
      status: 'issued',
      objectKey,
      sha256,
      contentSha256,
      issuedAt: new Date(now).toISOString(),
    };
    try {
      // The public verification registry's items commit with the event that issues the form (issue 17).
      const registered = formRegistryWrites(dossier, issued, checked);
      await deps.dossiers.completeForm(
        recorded.dossier,
        dossier.version,
        issued,
        [recorded.event],
        registered,
      );
      return 'done';
    } catch (error) {
      // Another writer moved the dossier on (or issued the form): read both again and decide anew.
      if (!(error instanceof VersionConflictError) || attempt >= MAX_ATTEMPTS) throw error;
      await jitteredPause(attempt);
      ({ dossier, form: current } = await deps.dossiers.getWithForm(dossierId, formId));
    }
  }
}

/** The signature's reason, as a PDF reader shows it: which form the organisation issues, for which dossier. */
const SIGNED_AS: Record<FormContent['type'], string> = {
  receipt: 'Phiếu tiếp nhận hồ sơ và hẹn trả kết quả',
  'supplement-request': 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ',
  refusal: 'Phiếu từ chối tiếp nhận giải quyết hồ sơ',
  apology: 'Phiếu xin lỗi và hẹn lại ngày trả kết quả',
  'stop-notice': 'Thông báo dừng xử lý hồ sơ',
};

const sha256Hex = (bytes: string | Buffer) => createHash('sha256').update(bytes).digest('hex');

function render(renderers: FormRenderers, content: FormContent, verification: FormVerification) {
  switch (content.type) {
    case 'receipt':
      return renderers.receipt({ ...content.data, verification });
    case 'supplement-request':
      return renderers['supplement-request']({ ...content.data, verification });
    case 'refusal':
      return renderers.refusal({ ...content.data, verification });
    case 'apology':
      return renderers.apology({ ...content.data, verification });
    case 'stop-notice':
      return renderers['stop-notice']({ ...content.data, verification });
  }
}

async function formContent(
  deps: IssueFormDeps,
  dossier: DossierRecord,
  form: FormRecord,
): Promise<FormContent> {
  const params = form.params;
  // Forms are about submitted dossiers: received when accepted, or when submitted for those never accepted.
  const receivedAt = dossier.acceptedAt ?? dossier.submittedAt;
  if (!dossier.code || !receivedAt)
    throw new Error(`Form ${form.id} of dossier ${dossier.id} asked for before its submission`);
  const issuer = form.type === 'receipt' ? dossier.receivingUnit : (params.agency ?? dossier.receivingUnit);
  const [procedure, agencies] = await Promise.all([
    deps.catalog.getProcedure(dossier.procedureCode),
    deps.catalog.getAgencies([issuer]),
  ]);
  const agency = agencies.get(issuer);
  const common = {
    agencyName: agency?.name ?? issuer,
    place: agency?.place ?? null,
    code: dossier.code,
    procedureName: dossier.procedureName,
    applicantName: dossier.applicant.fullName,
    receivedAt: Date.parse(receivedAt),
    issuedAt: Date.parse(form.createdAt),
    signedBy: params.signedBy ?? '',
  };
  switch (form.type) {
    case 'receipt': {
      const found = await deps.dossiers.getWithAttachments(dossier.id);
      const names = new Map(procedure?.requiredDocuments.map((d) => [d.type, d.name]));
      const documentTypes = procedure?.requiredDocuments.map((d) => d.type) ?? [];
      return {
        type: 'receipt',
        data: {
          ...common,
          applicantPhone: maskTail(dossier.applicant.phone, 3),
          dueAt: Number(params.dueAt),
          processingDays: procedure?.processingDays ?? 0,
          documents: inProcedureOrder(documentTypes, dossier, found?.attachments ?? []).map((a) => ({
            name: names.get(a.documentType) ?? a.documentType,
            fileName: a.fileName,
            sha256: a.sha256 ?? '',
          })),
          receivedBy: params.receivedBy
            ? { kind: 'officer', name: params.receivedBy }
            : { kind: 'automatic' },
          ...(await deps.lookup(dossier.code)),
        },
      };
    }
    case 'supplement-request':
      return {
        type: 'supplement-request',
        data: { ...common, items: (params.items ?? '').split('\n').filter(Boolean) },
      };
    case 'refusal':
      return { type: 'refusal', data: { ...common, reason: params.reason ?? '' } };
    case 'apology':
      return {
        type: 'apology',
        data: {
          ...common,
          previousDueAt: Number(params.previousDueAt),
          newDueAt: Number(params.newDueAt),
          reason: params.reason ?? '',
        },
      };
    case 'stop-notice':
      return { type: 'stop-notice', data: { ...common, reason: params.reason ?? '' } };
  }
}
