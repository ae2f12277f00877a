// Forms issued off the request path: the receipt at acceptance and the apology letter on an extension are rendered
// once by the documents consumer, stored under their SHA-256 with that hash in the history, and served from storage.
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { issueForm, type IssueFormDeps } from '../../functions/documents/issue-form.js';
import { dynamoCatalogRepository } from '../../shared/catalog/repository.js';
import { dayMonthYearAt } from '../../shared/domain/calendar/local-date.js';
import { verifyChain } from '../../shared/domain/dossier/history.js';
import { renderApologyLetter } from '../../shared/dossier/apology-letter.js';
import { pendingForm } from '../../shared/dossier/forms.js';
import { lookupUrl } from '../../shared/dossier/lookup.js';
import { loadReceiptFont, renderReceipt } from '../../shared/dossier/receipt.js';
import { VersionConflictError } from '../../shared/dossier/repository.js';
import { s3AttachmentStorage } from '../../shared/dossier/storage.js';
import { call, problemOf, useLocalStack } from '../support/local-stack.js';
import {
  dossierRepositoryOf,
  eventually,
  outboxOf,
  quickApp,
  storedObject,
  tokenFor,
} from '../support/dossiers.js';
import { issuedForm } from '../support/forms.js';
import { pdfLines } from '../support/pdf-text.js';
import { actNow, BIRTH, officerToken, processingBirth } from '../support/workspace.js';

const local = useLocalStack({ app: quickApp });
const repository = () => dossierRepositoryOf(local.stack);
const font = loadReceiptFont();

/** The consumer's use case wired to the local stack, as the documents function wires it in Lambda. */
const issuing = (): IssueFormDeps => ({
  dossiers: repository(),
  catalog: dynamoCatalogRepository(
    DynamoDBDocumentClient.from(local.stack.clients.dynamodb),
    local.stack.resources.env.TABLE_CATALOG!,
  ),
  storage: s3AttachmentStorage(local.stack.clients.s3, local.stack.resources.env.BUCKET_ATTACHMENTS!),
  render: {
    receipt: (data) => renderReceipt(font, data),
    apology: (data) => renderApologyLetter(font, data),
  },
  lookupUrl,
  now: Date.now,
});

const issuesOf = async (id: string, formId: string) =>
  (await repository().history(id)).filter(
    (e) => e.action === 'form-issued' && e.note?.startsWith(`form=${formId} `),
  );

/** Text of a PDF as one string: wrapped lines joined again. */
const textOf = (pdf: Buffer) =>
  pdfLines(pdf)
    .map((l) => l.text)
    .join(' ')
    .replace(/\s+/g, ' ');

/**
 * A pending apology letter recorded the way an extension records it, but with no message sent: nothing issues it
 * until the test does (the sweeper waits a minute before re-sending).
 */
async function pendingApology(id: string, reason: string) {
  for (let attempt = 1; ; attempt += 1) {
    const dossier = (await repository().get(id))!;
    const next = { ...dossier, version: dossier.version + 1 };
    const form = pendingForm(
      next,
      'apology',
      {
        previousDueAt: String(dossier.state.dueAt),
        newDueAt: String(Date.parse('2099-06-01T10:00:00Z')),
        reason,
        agency: BIRTH.agency,
        signedBy: 'Nguyễn Thị Lan',
      },
      Date.now(),
    );
    try {
      await repository().commit(next, dossier.version, [], [], { forms: [form] });
      return form.id;
    } catch (error) {
      if (!(error instanceof VersionConflictError) || attempt >= 10) throw error;
    }
  }
}

describe('the receipt', () => {
  it('is issued once at acceptance, stored under its SHA-256 with that hash in the history, and served from storage', async () => {
    const dossier = await processingBirth(local.stack);
    const receipt = await issuedForm(local.stack, dossier.citizen, `/dossiers/${dossier.id}/receipt.pdf`);

    expect(receipt.location).toContain(`/forms/${receipt.sha256}.pdf`);
    expect(receipt.contentType).toBe('application/pdf');
    expect(receipt.contentDisposition).toMatch(
      new RegExp(`^inline; filename="phieu-tiep-nhan-${dossier.code.replaceAll('.', '\\.')}\\.pdf"`),
    );
    expect(await storedObject(local.stack, `forms/${receipt.sha256}.pdf`)).toEqual(receipt.pdf);
    const issued = await issuesOf(dossier.id, 'receipt');
    expect(issued).toHaveLength(1);
    expect(issued[0]!.documentHashes).toEqual([receipt.sha256]);
    expect(issued[0]!.actor).toEqual({ id: 'documents', role: 'system' });
    expect(textOf(receipt.pdf)).toContain(`Số: ${dossier.code}`);
    expect(textOf(receipt.pdf)).toContain('(Tiếp nhận tự động trên hệ thống)');

    // The form route serves the same stored bytes.
    const again = await issuedForm(local.stack, dossier.citizen, `/dossiers/${dossier.id}/forms/receipt`);
    expect(again.sha256).toBe(receipt.sha256);
    expect(verifyChain(await repository().history(dossier.id)).valid).toBe(true);
  });

  it('is not issued again when its message is delivered again', async () => {
    const dossier = await processingBirth(local.stack);
    const first = await issuedForm(local.stack, dossier.citizen, `/dossiers/${dossier.id}/receipt.pdf`);
    const outcomes = await Promise.all(
      Array.from({ length: 4 }, () => issueForm(issuing(), dossier.id, 'receipt')),
    );
    expect(outcomes).toEqual(['skipped', 'skipped', 'skipped', 'skipped']);
    expect(await issuesOf(dossier.id, 'receipt')).toHaveLength(1);
    const after = await issuedForm(local.stack, dossier.citizen, `/dossiers/${dossier.id}/receipt.pdf`);
    expect(after.sha256).toBe(first.sha256);
  });
});

describe('issuing a form', () => {
  it('issues it once when eight deliveries race, with one event in an unbroken chain', async () => {
    const dossier = await processingBirth(local.stack);
    await issuedForm(local.stack, dossier.citizen, `/dossiers/${dossier.id}/receipt.pdf`);
    const formId = await pendingApology(dossier.id, 'Chờ kết quả xác minh');

    const outcomes = await Promise.all(
      Array.from({ length: 8 }, () => issueForm(issuing(), dossier.id, formId)),
    );
    expect(outcomes.filter((o) => o === 'done')).toHaveLength(1);
    const issued = await issuesOf(dossier.id, formId);
    expect(issued).toHaveLength(1);
    const letter = await issuedForm(local.stack, dossier.citizen, `/dossiers/${dossier.id}/forms/${formId}`);
    expect(issued[0]!.documentHashes).toEqual([letter.sha256]);
    expect(verifyChain(await repository().history(dossier.id)).valid).toBe(true);
  });

  it('answers 503 with Retry-After while the form is being issued, then the form', async () => {
    const dossier = await processingBirth(local.stack);
    const formId = await pendingApology(dossier.id, 'Chờ ý kiến cơ quan phối hợp');
    const waiting = await call(local.stack, `/dossiers/${dossier.id}/forms/${formId}`, {
      token: dossier.citizen,
      redirect: 'manual',
      language: 'en',
    });
    expect(waiting.status).toBe(503);
    expect(waiting.headers.get('retry-after')).toBe('2');
    expect(problemOf(waiting).type).toMatch(/service-unavailable/);

    expect(await issueForm(issuing(), dossier.id, formId)).toBe('done');
    const letter = await issuedForm(local.stack, dossier.citizen, `/dossiers/${dossier.id}/forms/${formId}`);
    expect(textOf(letter.pdf)).toContain('Chờ ý kiến cơ quan phối hợp');
  });

  it("answers 404 for a form never issued and for someone else's dossier, 400 for a malformed form id", async () => {
    const dossier = await processingBirth(local.stack);
    const path = `/dossiers/${dossier.id}/forms`;
    const never = await call(local.stack, `${path}/apology-999999`, { token: dossier.citizen });
    expect(never.status).toBe(404);
    const other = await tokenFor(local.stack);
    expect((await call(local.stack, `${path}/receipt`, { token: other })).status).toBe(404);
    expect((await call(local.stack, `/dossiers/${dossier.id}/receipt.pdf`, { token: other })).status).toBe(
      404,
    );
    const malformed = await call(local.stack, `${path}/receipt.pdf`, { token: dossier.citizen });
    expect(problemOf(malformed)).toMatchObject({ status: 400, fields: ['path.formId'] });
  });
});

describe('the apology letter', () => {
  it('is issued on an extension with the new date and the reason, and the applicant is told of it', async () => {
    const dossier = await processingBirth(local.stack);
    const previousDueAt = (await repository().get(dossier.id))!.state.dueAt!;
    const leader = await officerToken(local.stack, BIRTH.agency, ['approve'], 'Nguyễn Thị Lan');
    const reason = 'Cần xác minh thêm với cơ quan khác';
    const extended = await actNow(local.stack, leader, dossier.id, 'extend', {
      newDueDate: '2099-06-01',
      reason,
    });
    expect(extended.status).toBe(200);

    const told = await eventually(async () =>
      outboxOf(local.stack, dossier.code).find((m) => m.event === 'extended'),
    );
    expect(told.params).toMatchObject({ dueDate: '01/06/2099', reason });
    expect(told.params.form).toMatch(/^apology-\d+$/);
    expect(told.rendered.text).toContain('01/06/2099');
    expect(told.rendered.text).toContain(reason);
    expect(told.rendered.text).toContain('Phiếu xin lỗi và hẹn lại ngày trả kết quả');

    const letter = await issuedForm(
      local.stack,
      dossier.citizen,
      `/dossiers/${dossier.id}/forms/${told.params.form}`,
    );
    expect(letter.contentDisposition).toMatch(/^inline; filename="phieu-xin-loi-hen-lai-/);
    const text = textOf(letter.pdf);
    expect(text).toContain('PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ');
    expect(text).toContain(`mã hồ sơ: ${dossier.code}`);
    expect(text).toContain(`Lý do: ${reason}`);
    expect(text).toContain('17 giờ 00 phút, ngày 01/06/2099');
    expect(text).toContain(dayMonthYearAt(previousDueAt));
    expect(text).toContain('Nguyễn Thị Lan');
    expect(text).not.toMatch(/079203001234|0912345678/);

    const issued = await issuesOf(dossier.id, told.params.form!);
    expect(issued).toHaveLength(1);
    expect(issued[0]!.documentHashes).toEqual([letter.sha256]);
    expect(verifyChain(await repository().history(dossier.id)).valid).toBe(true);
  });
});
