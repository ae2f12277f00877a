// Every form the system issues is signed by the organisation (PAdES): an independent verifier (poppler's pdfsig)
// finds the signature valid over the whole document, OpenSSL verifies the chain up to the development CA, a form
// changed by one byte fails both, the history and the form record hold the SHA-256 of the stored signed bytes and the
// content hash the verification QR code names, and that code, rendered by pdftoppm and read by jsQR, leads to the
// form's entry in the public verification.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { developmentSigning } from '../../local/signing-ca.js';
import { verifyChain } from '../../shared/domain/dossier/history.js';
import { verificationCode } from '../../shared/dossier/verification-mark.js';
import { certificatesFromPem, verifyPdfSignatures } from '../../shared/signing/verify-pdf.js';
import { call, useLocalStack } from '../support/local-stack.js';
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
import { qrCodesOf } from '../support/qr-codes.js';
import { chainVerifies, misplacedObjects, pdfsig, signatureTexts } from '../support/signing.js';
import { actNow, BIRTH, officerToken, processingBirth } from '../support/workspace.js';

const local = useLocalStack({ app: quickApp });
const repository = () => dossierRepositoryOf(local.stack);
const otherCaDir = mkdtempSync(path.join(tmpdir(), 'other-ca-'));
afterAll(() => rmSync(otherCaDir, { recursive: true, force: true }));

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** The form the notification of `event` names, once issued. */
async function toldForm(citizen: string, dossier: { id: string; code: string }, event: string) {
  const told = await eventually(async () =>
    outboxOf(local.stack, dossier.code).find((m) => m.event === event),
  );
  expect(told.params.form).toBeDefined();
  const form = await issuedForm(local.stack, citizen, `/dossiers/${dossier.id}/forms/${told.params.form}`);
  return { formId: told.params.form!, ...form };
}

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

/**
 * What every issued form must show: a valid signature, a trusted chain, its hashes recorded and its mark printed, whose
 * QR code answers for it. Returns the text of every QR code found on the form.
 */
async function expectSignedAndRecorded(dossierId: string, formId: string, pdf: Buffer): Promise<string[]> {
  const report = await pdfsig(pdf);
  expect(report.validations, report.output).toEqual(['Signature is Valid.']);
  expect(report.wholeDocument).toBe(true);
  expect(report.signatureType).toBe('ETSI.CAdES.detached');
  expect(report.signer).toBe('Mot cua dien tu development signing');
  // pdfsig runs without an NSS database, so the development CA is unknown to it; OpenSSL is given it.
  expect(report.certificates).toEqual(["Certificate issuer isn't Trusted."]);
  expect(await chainVerifies(pdf, local.stack.signing.caFile)).toBe(true);

  const { form } = await repository().getWithForm(dossierId, formId);
  expect(form?.sha256).toBe(sha256(pdf));
  // The signature dictionary names the issuing agency and the dossier as the catalogue writes them, diacritics and all.
  const { dossier: staffCopy } = (await repository().getForStaff(dossierId))!;
  const issuer =
    form!.type === 'receipt' ? staffCopy.receivingUnit : (form!.params.agency ?? staffCopy.receivingUnit);
  const agencies = await call<{ items: { code: string; name: string }[] }>(local.stack, '/agencies');
  const texts = signatureTexts(pdf);
  expect(texts.Name).toBe(agencies.body.items.find((a) => a.code === issuer)!.name);
  expect(texts.Name).toMatch(/[^\x20-\x7e]/);
  expect(texts.Reason).toMatch(new RegExp(`^(Phiếu|Thông báo) .+ ${staffCopy.code!.replace(/\./g, '\\.')}$`));
  expect(misplacedObjects(pdf)).toEqual([]);
  expect(await storedObject(local.stack, `forms/${sha256(pdf)}.pdf`)).toEqual(pdf);
  const issued = (await repository().history(dossierId)).filter(
    (e) => e.action === 'form-issued' && e.note?.startsWith(`form=${formId} `),
  );
  expect(issued).toHaveLength(1);
  expect(issued[0]!.documentHashes).toEqual([sha256(pdf)]);
  expect(form?.contentSha256).toMatch(/^[0-9a-f]{64}$/);
  expect(issued[0]!.note).toContain(`contentSha256=${form!.contentSha256}`);
  const text = pdfLines(pdf)
    .map((l) => l.text)
    .join('');
  expect(text.replace(/\s+/g, '')).toContain(`/verify/${form!.contentSha256}`);
  expect(text).toContain(`Mã xác thực: ${verificationCode(form!.contentSha256!)}`);
  expect(verifyChain(await repository().history(dossierId)).valid).toBe(true);

  // The product's own verifier, against the development CA the local stack trusts: valid, covering the whole file.
  const own = await verifyPdfSignatures(pdf, {
    trustedRoots: certificatesFromPem(readFileSync(local.stack.signing.caFile, 'utf8')),
    now: Date.now(),
  });
  expect(own.verdict).toBe('valid');
  expect(own.signatures.map((s) => s.coversWholeDocument)).toEqual([true]);
  // The public verification knows the form by the stored file's hash and by the content hash its QR code names.
  const dossier = staffCopy;
  for (const hash of [sha256(pdf), form!.contentSha256!]) {
    const verified = await call<Record<string, unknown>>(local.stack, `/verify/${hash}`);
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    expect(verified.body).toMatchObject({
      known: true,
      documentType: form!.type,
      dossierCode: dossier.code,
      signer: { commonName: 'Mot cua dien tu development signing' },
      signatureVerdict: 'valid',
    });
    const said = JSON.stringify(verified.body);
    for (const personal of [dossier.applicant.fullName, dossier.applicant.phone, dossier.applicant.citizenId])
      expect(said).not.toContain(personal);
  }

  // The QR code a phone finds on the printed form names its verification page on the portal (a receipt's other code
  // is its lookup link), whose route answers with this form's entry: the stored file's, but for the hash it names.
  const scanned = (await qrCodesOf(pdf)).map((c) => c.text);
  const verifyCodes = scanned.filter((text) => text.includes('/verify/'));
  expect(verifyCodes, scanned.join('\n')).toEqual([
    `${process.env.PUBLIC_PORTAL_URL}/verify/${form!.contentSha256}`,
  ]);
  const byCode = await call<Record<string, unknown>>(local.stack, new URL(verifyCodes[0]!).pathname);
  const byFile = await call<Record<string, unknown>>(local.stack, `/verify/${sha256(pdf)}`);
  expect(byCode.status).toBe(200);
  expect(byCode.body).toEqual({ ...byFile.body, sha256: form!.contentSha256 });
  expect(byCode.body.issuedAt).toBe(form!.issuedAt);
  return scanned;
}

describe('signed forms', () => {
  it('signs the receipt, keeping its lookup QR code and PIN', async () => {
    const dossier = await processingBirth(local.stack);
    const receipt = await issuedForm(local.stack, dossier.citizen, `/dossiers/${dossier.id}/receipt.pdf`);
    const scanned = await expectSignedAndRecorded(dossier.id, 'receipt', receipt.pdf);
    expect(pdfLines(receipt.pdf).some((l) => l.text.startsWith('Mã PIN tra cứu: '))).toBe(true);
    // Its lookup QR code stays beside the verification one.
    const lookups = scanned.filter((text) => text.includes('/tra-cuu?'));
    expect(lookups.map((text) => new URL(text).searchParams.get('ma'))).toEqual([dossier.code]);
  });

  it('signs the supplement request, the apology letter and the stop notice of a dossier being processed', async () => {
    const dossier = await processingBirth(local.stack);
    const officer = await officerToken(local.stack, BIRTH.agency, undefined, 'Nguyễn Thị Lan');
    const extended = await actNow(local.stack, officer, dossier.id, 'extend', {
      newDueDate: '2099-06-01',
      reason: 'Cần xác minh thêm',
    });
    expect(extended.status).toBe(200);
    const apology = await toldForm(dossier.citizen, dossier, 'extended');
    await expectSignedAndRecorded(dossier.id, apology.formId, apology.pdf);

    const asked = await actNow(local.stack, officer, dossier.id, 'request-supplement', {
      checklist: [{ description: 'Bản sao sổ hộ khẩu có chứng thực' }],
    });
    expect(asked.status).toBe(200);
    const supplement = await toldForm(dossier.citizen, dossier, 'supplement-requested');
    await expectSignedAndRecorded(dossier.id, supplement.formId, supplement.pdf);

    const other = await processingBirth(local.stack);
    const reason = 'Người nộp không bổ sung được giấy tờ';
    expect((await actNow(local.stack, officer, other.id, 'stop', { reason })).status).toBe(200);
    const notice = await toldForm(other.citizen, other, 'stopped');
    const told = outboxOf(local.stack, other.code).find((m) => m.event === 'stopped')!;
    expect(told.rendered.text).toContain('Thông báo dừng xử lý hồ sơ có trong mục hồ sơ');
    expect(notice.formId).toMatch(/^stop-notice-\d+$/);
    expect(notice.contentDisposition).toMatch(/^inline; filename="thong-bao-dung-xu-ly-/);
    await expectSignedAndRecorded(other.id, notice.formId, notice.pdf);
    const text = pdfLines(notice.pdf)
      .map((l) => l.text)
      .join(' ')
      .replace(/\s+/g, ' ');
    expect(text).toContain('THÔNG BÁO DỪNG XỬ LÝ HỒ SƠ');
    expect(text).toContain(reason);
  });

  it('signs the refusal issued at reception', async () => {
    const dossier = await waitingDossier();
    const refused = await call(local.stack, `/reception/${dossier.id}/refuse`, {
      method: 'POST',
      token: dossier.officer,
      json: { reason: 'Hồ sơ không thuộc thẩm quyền giải quyết của đơn vị' },
    });
    expect(refused.status).toBe(200);
    const refusal = await toldForm(dossier.citizen, dossier, 'refused');
    await expectSignedAndRecorded(dossier.id, refusal.formId, refusal.pdf);
  });

  it('fails verification when one byte of the form changes, and the chain is not trusted from another CA', async () => {
    const dossier = await processingBirth(local.stack);
    const { pdf } = await issuedForm(local.stack, dossier.citizen, `/dossiers/${dossier.id}/receipt.pdf`);
    // A byte of the page content (inside the first signed range), changed as a forger would.
    const changed = Buffer.from(pdf);
    const at = pdf.indexOf('endobj') - 2;
    changed[at] = changed[at]! ^ 0x01;
    const report = await pdfsig(changed);
    expect(report.validations).toHaveLength(1);
    expect(report.validations[0]).not.toBe('Signature is Valid.');
    expect(await chainVerifies(changed, local.stack.signing.caFile)).toBe(false);

    const other = await developmentSigning(otherCaDir);
    expect(await chainVerifies(pdf, other.caFile)).toBe(false);
  });
});
