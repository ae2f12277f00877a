// Forms issued off the request path: the receipt at acceptance and the apology letter on an extension are rendered
// once by the documents consumer, stored under their SHA-256 with that hash in the history, and served from storage.
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { issueForm, type IssueFormDeps } from '../../functions/documents/issue-form.js';
import { dynamoCatalogRepository } from '../../shared/catalog/repository.js';
import { dayMonthYearAt } from '../../shared/domain/calendar/local-date.js';
import { verifyChain } from '../../shared/domain/dossier/history.js';
import {
  renderApologyLetter,
  renderRefusal,
  renderStopNotice,
  renderSupplementRequest,
} from '../../shared/dossier/letters.js';
import { pendingForm } from '../../shared/dossier/forms.js';
import { lookupUrl } from '../../shared/dossier/lookup.js';
import { loadReceiptFont, renderReceipt } from '../../shared/dossier/receipt.js';
import { VersionConflictError } from '../../shared/dossier/repository.js';
import { s3AttachmentStorage } from '../../shared/dossier/storage.js';
import { call, problemOf, useLocalStack } from '../support/local-stack.js';
import {
  application,
  attach,
  createDossier,
  dossierRepositoryOf,
  eventually,
  outboxOf,
  PNG,
  quickApp,
  storedObject,
  tokenFor,
  type DossierBody,
} from '../support/dossiers.js';
import { issuedForm } from '../support/forms.js';
import { pdfLines } from '../support/pdf-text.js';
import { localPdfSigner } from '../support/signing.js';
import { checkIssuedForm } from '../../shared/signing/form-check.js';
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
    'supplement-request': (data) => renderSupplementRequest(font, data),
    refusal: (data) => renderRefusal(font, data),
    apology: (data) => renderApologyLetter(font, data),
    'stop-notice': (data) => renderStopNotice(font, data),
  },
  sign: (pdf, details) => localPdfSigner(local.stack.signing).sign(pdf, details),
  check: checkIssuedForm(() => Date.now()),
  verifyUrl: (sha256) => `https://portal.example/verify/${sha256}`,
  // The receipt's PIN and signed link are the lookup's (test/api/lookup.test.ts): here any will do.
  lookup: async (code) => ({ lookupUrl: lookupUrl(code), pin: 'TEST01' }),
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

describe('the supplement request at a processing step', () => {
  it('is issued like the one at reception, and the applicant is told of it', async () => {
    const dossier = await processingBirth(local.stack);
    const specialist = await officerToken(local.stack, BIRTH.agency);
    const asked = await actNow(local.stack, specialist, dossier.id, 'request-supplement', {
      checklist: [{ description: 'Bản sao sổ hộ khẩu có chứng thực' }],
    });
    expect(asked.status).toBe(200);
    const told = await eventually(async () =>
      outboxOf(local.stack, dossier.code).find((m) => m.event === 'supplement-requested'),
    );
    expect(told.params.form).toMatch(/^supplement-request-\d+$/);
    expect(told.rendered.text).toContain('Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ');
    const form = await issuedForm(
      local.stack,
      dossier.citizen,
      `/dossiers/${dossier.id}/forms/${told.params.form}`,
    );
    expect(textOf(form.pdf)).toContain('1. Bản sao sổ hộ khẩu có chứng thực');
  });
});

describe('the reception forms', () => {
  /** A construction permit (an officer decides on it) waiting at its receiving unit. */
  async function waitingDossier() {
    const citizen = await tokenFor(local.stack);
    const created = await createDossier(local.stack, citizen, application({ procedureCode: '2.000815' }));
    await attach(local.stack, citizen, created.body.id, 'ban-chinh', PNG, {
      contentType: 'image/png',
      fileName: 'so-do.png',
    });
    const submitted = await call<DossierBody>(local.stack, `/dossiers/${created.body.id}/submit`, {
      method: 'POST',
      token: citizen,
    });
    expect(submitted.status).toBe(200);
    const code = submitted.body.code!;
    await eventually(async () => outboxOf(local.stack, code).some((m) => m.event === 'submitted'));
    const officer = await tokenFor(local.stack, `officer-${code}`, 'officer', BIRTH.agency, 'Trần Văn Minh');
    return { citizen, officer, id: created.body.id, code };
  }

  it('issues the refusal (phiếu từ chối) with its reason when reception refuses', async () => {
    const dossier = await waitingDossier();
    const reason = 'Hồ sơ không thuộc thẩm quyền giải quyết của đơn vị';
    const refused = await call(local.stack, `/reception/${dossier.id}/refuse`, {
      method: 'POST',
      token: dossier.officer,
      json: { reason },
    });
    expect(refused.status).toBe(200);
    const told = await eventually(async () =>
      outboxOf(local.stack, dossier.code).find((m) => m.event === 'refused'),
    );
    expect(told.params.form).toMatch(/^refusal-\d+$/);
    expect(told.rendered.text).toContain('Phiếu từ chối tiếp nhận giải quyết hồ sơ');
    const form = await issuedForm(
      local.stack,
      dossier.citizen,
      `/dossiers/${dossier.id}/forms/${told.params.form}`,
    );
    const text = textOf(form.pdf);
    expect(text).toContain('PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ');
    expect(text).toContain(`mã hồ sơ: ${dossier.code}`);
    expect(text).toContain(reason);
    expect(text).toContain('Trần Văn Minh');
    expect((await issuesOf(dossier.id, told.params.form!))[0]?.documentHashes).toEqual([form.sha256]);
    // A refused dossier was never accepted: it has no receipt.
    expect(
      (await call(local.stack, `/dossiers/${dossier.id}/receipt.pdf`, { token: dossier.citizen })).status,
    ).toBe(409);
  });

  it('issues the supplement request (phiếu yêu cầu bổ sung) listing every item asked for', async () => {
    const dossier = await waitingDossier();
    const checklist = [
      { description: 'Bản sao giấy chứng nhận quyền sử dụng đất' },
      { documentType: 'ban-chinh', description: 'Bản vẽ có chữ ký của đơn vị thiết kế' },
    ];
    const asked = await call(local.stack, `/reception/${dossier.id}/request-supplement`, {
      method: 'POST',
      token: dossier.officer,
      json: { checklist },
    });
    expect(asked.status).toBe(200);
    const told = await eventually(async () =>
      outboxOf(local.stack, dossier.code).find((m) => m.event === 'supplement-requested'),
    );
    expect(told.params.form).toMatch(/^supplement-request-\d+$/);
    const form = await issuedForm(
      local.stack,
      dossier.citizen,
      `/dossiers/${dossier.id}/forms/${told.params.form}`,
    );
    expect(form.contentDisposition).toMatch(/^inline; filename="phieu-yeu-cau-bo-sung-/);
    const text = textOf(form.pdf);
    expect(text).toContain('PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ');
    expect(text).toContain('1. Bản sao giấy chứng nhận quyền sử dụng đất');
    expect(text).toContain('2. Bản vẽ có chữ ký của đơn vị thiết kế');
    expect(text).toContain('Trần Văn Minh');
  });
});
