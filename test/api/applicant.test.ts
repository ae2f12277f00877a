// The applicant's side of the workspace over HTTP: the control sheet, withdrawal, the answer to a supplement asked at
// a processing step (restart and pause), the results handed over online, and the rating.
import { randomUUID } from 'node:crypto';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { checkResultSignatures } from '../../functions/agency/result-signatures.js';
import { calendar } from '../../shared/calendar-data.js';
import { computeDeadline, dueAfter } from '../../shared/domain/calendar/deadlines.js';
import type { AttachmentRecord } from '../../shared/dossier/model.js';
import { s3AttachmentStorage } from '../../shared/dossier/storage.js';
import { verifyPdfSignatures } from '../../shared/signing/verify-pdf.js';
import { call, problemOf, useLocalStack } from '../support/local-stack.js';
import { rewriteDossier } from '../support/workspace.js';
import {
  application,
  attach,
  createDossier,
  dossierRepositoryOf,
  eventually,
  outboxOf,
  PDF,
  quickApp,
  readyDossier,
  sha256,
  tokenFor,
  type DossierBody,
} from '../support/dossiers.js';

const local = useLocalStack({ app: quickApp });
const repository = () => dossierRepositoryOf(local.stack);
const BIRTH_UNIT = '000.01.00.H56';
const CONSTRUCTION = '1.009994';
const CONSTRUCTION_UNIT = '000.02.00.H56';

interface SheetEvent {
  seq: number;
  action: string;
  actor: { role: string; agency: string | null };
  step: string | null;
  agency: string | null;
  stepDueAt: string | null;
  dueAt: string | null;
  supplementPolicy: string | null;
  notification: { channel: string | null; template: string | null; result: string | null } | null;
  prevHash: string;
  hash: string;
}
type Sheet = { events: SheetEvent[]; chainVerified: boolean };

/** A birth registration the pipeline accepted and routed to its one step. */
async function processingBirth(citizen: string) {
  const id = await readyDossier(local.stack, citizen);
  const submitted = await call<DossierBody>(local.stack, `/dossiers/${id}/submit`, {
    method: 'POST',
    token: citizen,
  });
  expect(submitted.status).toBe(200);
  return eventually(async () => {
    const dossier = await call<DossierBody>(local.stack, `/dossiers/${id}`, { token: citizen });
    return dossier.body.status === 'processing' ? dossier.body : undefined;
  });
}

/** An officer's workspace action, with the ETag of the view they read just before. */
async function staffAct(officer: string, id: string, action: string, json: unknown) {
  const view = await call(local.stack, `/agency/dossiers/${id}`, { token: officer });
  expect(view.status).toBe(200);
  const acted = await call<{ status: string }>(local.stack, `/agency/dossiers/${id}/${action}`, {
    method: 'POST',
    token: officer,
    json,
    headers: { 'if-match': view.headers.get('etag')! },
  });
  expect(acted.status, JSON.stringify(acted.body)).toBe(200);
  return acted.body;
}

/** A verified result document, written where the result upload routes write it (repository and storage). */
async function verifiedResult(dossierId: string, bytes: Buffer) {
  const id = randomUUID();
  const digest = sha256(bytes);
  const pending: AttachmentRecord = {
    dossierId,
    id,
    documentType: 'ket-qua',
    fileName: 'Giấy khai sinh.pdf',
    contentType: 'application/pdf',
    declaredSize: bytes.length,
    uploadKey: `uploads/${dossierId}/results/${id}`,
    objectKey: null,
    status: 'pending',
    size: null,
    sha256: null,
    createdAt: new Date().toISOString(),
    verifiedAt: null,
  };
  await repository().addResult(pending, 20);
  const objectKey = `dossiers/${dossierId}/results/${id}/${digest}`;
  const storage = s3AttachmentStorage(local.stack.clients.s3, local.stack.resources.env.BUCKET_ATTACHMENTS!);
  await storage.write(objectKey, { bytes, size: bytes.length, sha256: digest }, 'application/pdf');
  const verified = { ...pending, objectKey, status: 'verified' as const, size: bytes.length, sha256: digest };
  expect(await repository().verifyResult(verified)).toBe(true);
  // The signature check the signatures consumer records, which resolve waits for (this PDF carries none).
  const check = { dossiers: repository(), storage, now: Date.now, maxBytes: bytes.length };
  const verify = (pdf: Buffer) => verifyPdfSignatures(pdf, { trustedRoots: [], now: Date.now() });
  expect(await checkResultSignatures({ ...check, verify }, { dossierId, resultId: id })).toBe('done');
  return id;
}

/** A birth registration resolved with one result and released by the method given. */
async function released(citizen: string, method: 'online' | 'counter', bytes = PDF) {
  const dossier = await processingBirth(citizen);
  const officer = await tokenFor(local.stack, `officer-${randomUUID()}`, 'officer', BIRTH_UNIT);
  const resultId = await verifiedResult(dossier.id, bytes);
  await staffAct(officer, dossier.id, 'resolve', { resultIds: [resultId] });
  await staffAct(officer, dossier.id, 'release', { method });
  return { dossier, resultId, officer };
}

describe('the control sheet', () => {
  it('shows status changes, steps and notifications with their hash links, without officers or their notes', async () => {
    const citizen = await tokenFor(local.stack);
    const dossier = await processingBirth(citizen);
    await eventually(async () => outboxOf(local.stack, dossier.code!).length > 0);
    const officer = await tokenFor(local.stack, 'officer-sheet-7731', 'officer', BIRTH_UNIT, 'Lê Thị Hoa');
    await staffAct(officer, dossier.id, 'request-supplement', {
      checklist: [{ description: 'Văn bản ủy quyền có chứng thực' }],
    });

    const sheet = await eventually(async () => {
      const answer = await call<Sheet>(local.stack, `/dossiers/${dossier.id}/history`, { token: citizen });
      expect(answer.status).toBe(200);
      return answer.body.events.some((e) => e.action === 'notified') ? answer : undefined;
    });
    expect(sheet.headers.get('cache-control')).toBe('private, no-store');
    const { events, chainVerified } = sheet.body;
    expect(chainVerified).toBe(true);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    for (const [i, event] of events.entries()) {
      expect(event.prevHash).toBe(i === 0 ? '0'.repeat(64) : events[i - 1]!.hash);
    }
    expect(events.slice(0, 3).map((e) => e.action)).toEqual(['created', 'submit', 'accept']);
    expect(events.find((e) => e.action === 'accept')?.dueAt).toMatch(/T10:00:00.000Z$/);
    expect(events.find((e) => e.action === 'start-processing')).toMatchObject({
      step: 'tiep-nhan-giai-quyet',
      agency: BIRTH_UNIT,
      actor: { role: 'system', agency: null },
    });
    expect(events.find((e) => e.action === 'notified')?.notification).toMatchObject({
      channel: 'zalo',
      template: 'received',
      result: 'sent',
    });
    expect(events.find((e) => e.action === 'request-supplement')).toMatchObject({
      actor: { role: 'officer', agency: BIRTH_UNIT },
      supplementPolicy: 'restart',
    });
    const text = JSON.stringify(sheet.body);
    expect(text).not.toMatch(/officer-sheet-7731|Lê Thị Hoa|Văn bản ủy quyền|providerMessageId/);

    const stranger = await tokenFor(local.stack);
    const foreign = await call(local.stack, `/dossiers/${dossier.id}/history`, { token: stranger });
    expect(problemOf(foreign)).toMatchObject({ status: 404 });
  });

  it('says the chain does not check out once a stored event was altered', async () => {
    const citizen = await tokenFor(local.stack);
    const created = await createDossier(local.stack, citizen);
    const documents = DynamoDBDocumentClient.from(local.stack.clients.dynamodb);
    const [first] = await repository().history(created.body.id);
    await documents.send(
      new PutCommand({
        TableName: local.stack.resources.env.TABLE_DOSSIERS!,
        Item: {
          pk: `DOSSIER#${created.body.id}`,
          sk: 'EVENT#000001',
          event: { ...first, note: 'procedure=2.000815' },
        },
      }),
    );
    const sheet = await call<Sheet>(local.stack, `/dossiers/${created.body.id}/history`, { token: citizen });
    expect(sheet.body.chainVerified).toBe(false);
  });
});

describe('withdrawal', () => {
  it('withdraws a dossier being processed (status 7), tells the applicant, and refuses a second time', async () => {
    const citizen = await tokenFor(local.stack);
    const dossier = await processingBirth(citizen);
    const withdrawn = await call<DossierBody>(local.stack, `/dossiers/${dossier.id}/withdraw`, {
      method: 'POST',
      token: citizen,
      json: { reason: 'Đã đăng ký tại nơi khác' },
    });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', nationalStatus: { code: 7 } });
    await eventually(async () => outboxOf(local.stack, dossier.code!).some((m) => m.event === 'withdrawn'));
    const again = await call(local.stack, `/dossiers/${dossier.id}/withdraw`, {
      method: 'POST',
      token: citizen,
    });
    expect(problemOf(again)).toMatchObject({ status: 409 });
    const stored = await repository().get(dossier.id);
    expect(stored).toMatchObject({ status: 'withdrawn', pendingStage: null });
  });

  it('refuses a draft, a resolved dossier, and the loser of two withdrawals at once (409)', async () => {
    const citizen = await tokenFor(local.stack);
    const draft = await createDossier(local.stack, citizen);
    const fromDraft = await call(local.stack, `/dossiers/${draft.body.id}/withdraw`, {
      method: 'POST',
      token: citizen,
    });
    expect(problemOf(fromDraft)).toMatchObject({ status: 409 });

    const dossier = await processingBirth(citizen);
    const both = await Promise.all(
      [1, 2].map(() =>
        call(local.stack, `/dossiers/${dossier.id}/withdraw`, { method: 'POST', token: citizen }),
      ),
    );
    expect(both.map((a) => a.status).sort()).toEqual([200, 409]);

    const { dossier: done } = await released(citizen, 'counter');
    const afterRelease = await call(local.stack, `/dossiers/${done.id}/withdraw`, {
      method: 'POST',
      token: citizen,
    });
    expect(problemOf(afterRelease)).toMatchObject({ status: 409 });
  });
});

/** The officer asks at the current step; the applicant verifies a new document and hands it in. */
async function supplementAtStep(
  citizen: string,
  officer: string,
  id: string,
  documentType: string,
  beforeAnswer: () => Promise<void> = async () => {},
) {
  await staffAct(officer, id, 'request-supplement', { checklist: [{ description: 'Bổ sung giấy tờ' }] });
  const { completed } = await attach(local.stack, citizen, id, documentType, PDF);
  expect(completed?.status).toBe(200);
  await beforeAnswer();
  const answered = await call<DossierBody>(local.stack, `/dossiers/${id}/supplement`, {
    method: 'POST',
    token: citizen,
  });
  expect(answered.status).toBe(200);
  return answered.body;
}

describe('a supplement asked at a processing step', () => {
  it('returns the dossier to that step with the whole period counted again (restart)', async () => {
    const citizen = await tokenFor(local.stack);
    const dossier = await processingBirth(citizen);
    const officer = await tokenFor(local.stack, `officer-${randomUUID()}`, 'officer', BIRTH_UNIT);
    const answered = await supplementAtStep(citizen, officer, dossier.id, 'van-ban-uy-quyen');

    expect(answered.status).toBe('processing');
    const stored = (await repository().get(dossier.id))!;
    const received = stored.clock!.at(-1)!;
    expect(received.type).toBe('supplement-received');
    expect(stored).toMatchObject({ pendingStage: null, step: { id: 'tiep-nhan-giai-quyet' } });
    const expected = dueAfter(calendar, received.at, 1);
    expect(stored.state.dueAt).toBe(expected);
    expect(stored.statutoryDueAt).toBe(expected);
    expect(answered.dueAt).toBe(new Date(expected).toISOString());
    // The step that asked gets its whole share again from the day the supplement arrived.
    expect(stored.step).toMatchObject({
      startedAt: new Date(received.at).toISOString(),
      dueAt: new Date(dueAfter(calendar, received.at, 1)).toISOString(),
    });

    const inbox = await call<{ items: { id: string }[] }>(local.stack, '/agency/dossiers?status=processing', {
      token: officer,
    });
    expect(inbox.body.items.map((d) => d.id)).toContain(dossier.id);
    const sheet = await call<Sheet>(local.stack, `/dossiers/${dossier.id}/history`, { token: citizen });
    expect(sheet.body.events.find((e) => e.action === 'receive-supplement')).toMatchObject({
      supplementPolicy: 'restart',
      dueAt: new Date(expected).toISOString(),
    });
  });

  it('resumes the working days that were left (pause), after an officer accepted at reception', async () => {
    const citizen = await tokenFor(local.stack);
    const created = await createDossier(local.stack, citizen, application({ procedureCode: CONSTRUCTION }));
    for (const type of ['don-de-nghi-cap-gpxd', 'giay-to-quyen-su-dung-dat', 'ban-ve-thiet-ke']) {
      const { completed } = await attach(local.stack, citizen, created.body.id, type, PDF);
      expect(completed?.status).toBe(200);
    }
    const id = created.body.id;
    expect(
      (await call(local.stack, `/dossiers/${id}/submit`, { method: 'POST', token: citizen })).status,
    ).toBe(200);
    await eventually(async () => (await repository().get(id))?.pendingStage === 'reception');
    const officer = await tokenFor(local.stack, `officer-${randomUUID()}`, 'officer', CONSTRUCTION_UNIT);
    const accepted = await call(local.stack, `/reception/${id}/accept`, { method: 'POST', token: officer });
    expect(accepted.status).toBe(200);
    await eventually(async () => (await repository().get(id))?.step?.id === 'tiep-nhan');

    // Accepted a week earlier, asked a moment ago: about ten of the fifteen working days are left.
    const backdate = () =>
      rewriteDossier(local.stack, id, (current) => ({
        ...current,
        clock: current.clock!.map((e) =>
          e.type === 'accepted' ? { ...e, at: Date.now() - 7 * 86_400_000 } : e,
        ),
      }));
    const answered = await supplementAtStep(
      citizen,
      officer,
      id,
      'cam-ket-an-toan-cong-trinh-lien-ke',
      backdate,
    );

    expect(answered.status).toBe('processing');
    const stored = (await repository().get(id))!;
    const rules = { workingDays: 15, supplementPolicy: 'pause' as const };
    const expected = computeDeadline(calendar, rules, stored.clock!);
    const restarted = computeDeadline(calendar, { ...rules, supplementPolicy: 'restart' }, stored.clock!);
    expect(stored.state.dueAt).toBe(expected.dueAt);
    expect(stored.statutoryDueAt).toBe(expected.statutoryDueAt);
    expect(stored.state.dueAt).toBeLessThan(restarted.dueAt!);
    // The step resumes the working days it had left when it asked, from the day the supplement arrived.
    expect(Date.parse(stored.step!.dueAt)).toBeGreaterThanOrEqual(
      dueAfter(calendar, stored.clock!.at(-1)!.at, 1),
    );
    expect(stored).toMatchObject({
      pendingStage: null,
      step: { id: 'tiep-nhan', agency: CONSTRUCTION_UNIT },
    });
  });
});

describe('results and rating', () => {
  it('hands over the results online with short-lived links, then takes one rating', async () => {
    const citizen = await tokenFor(local.stack);
    const waiting = await processingBirth(citizen);
    const early = await call(local.stack, `/dossiers/${waiting.id}/results`, { token: citizen });
    expect(problemOf(early)).toMatchObject({ status: 409 });
    expect((early.body as { detail: string }).detail).toMatch(/17:00/);
    const tooSoon = await call(local.stack, `/dossiers/${waiting.id}/rating`, {
      method: 'POST',
      token: citizen,
      json: { score: 5 },
    });
    expect(problemOf(tooSoon)).toMatchObject({ status: 409 });

    const bytes = Buffer.concat([PDF, Buffer.from('% ket qua\n')]);
    const { dossier, resultId } = await released(citizen, 'online', bytes);
    const results = await call<{ items: { id: string; sha256: string; downloadUrl: string }[] }>(
      local.stack,
      `/dossiers/${dossier.id}/results`,
      { token: citizen },
    );
    expect(results.status).toBe(200);
    expect(results.headers.get('cache-control')).toBe('private, no-store');
    expect(results.body.items).toEqual([
      expect.objectContaining({ id: resultId, fileName: 'Giấy khai sinh.pdf', sha256: sha256(bytes) }),
    ]);
    const downloaded = await fetch(results.body.items[0]!.downloadUrl);
    expect(Buffer.from(await downloaded.arrayBuffer())).toEqual(bytes);
    expect(results.body.items[0]!.downloadUrl).toMatch(/X-Amz-Expires=300/);

    const stranger = await tokenFor(local.stack);
    const foreign = await call(local.stack, `/dossiers/${dossier.id}/results`, { token: stranger });
    expect(problemOf(foreign)).toMatchObject({ status: 404 });

    const rated = await call(local.stack, `/dossiers/${dossier.id}/rating`, {
      method: 'POST',
      token: citizen,
      json: { score: 4, comment: 'Nhanh, đúng hẹn' },
    });
    expect(rated.status).toBe(201);
    expect(rated.body).toMatchObject({ score: 4, comment: 'Nhanh, đúng hẹn' });
    const twice = await call(local.stack, `/dossiers/${dossier.id}/rating`, {
      method: 'POST',
      token: citizen,
      json: { score: 1 },
    });
    expect(problemOf(twice)).toMatchObject({ status: 409 });
    const stored = await repository().get(dossier.id);
    expect(stored?.rating).toMatchObject({ score: 4, comment: 'Nhanh, đúng hẹn' });
    // The release notification may be recorded after the rating: the rating's event, wherever it falls.
    expect((await repository().history(dossier.id)).find((e) => e.action === 'rate')).toMatchObject({
      action: 'rate',
      note: 'score=4',
    });
    const outOfRange = await call(local.stack, `/dossiers/${dossier.id}/rating`, {
      method: 'POST',
      token: citizen,
      json: { score: 6 },
    });
    expect(problemOf(outOfRange)).toMatchObject({ status: 400 });
  });

  it('keeps the results of a dossier handed over at the counter off line (409)', async () => {
    const citizen = await tokenFor(local.stack);
    const { dossier } = await released(citizen, 'counter');
    const results = await call(local.stack, `/dossiers/${dossier.id}/results`, {
      token: citizen,
      language: 'en',
    });
    expect(problemOf(results)).toMatchObject({ status: 409 });
    expect((results.body as { detail: string }).detail).toMatch(/counter/);
  });
});
