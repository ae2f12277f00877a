// Dossiers filed on the National Public Service Portal: its signed push becomes one dossier per MaHoSo, in status 1
// at the procedure's receiving unit; its documents are fetched from the portal's links (a local fake) and checked as
// uploads are, each verified or listed as failed for the receiving officer; then it goes through reception as others.
import { randomUUID } from 'node:crypto';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portalFiles } from '../../shared/adapters/national-portal/files.js';
import { filedDossierOf, portalDossierSchema } from '../../shared/adapters/national-portal/inbound.js';
import { dynamoNationalInboundRepository } from '../../shared/adapters/national-portal/inbound-repository.js';
import { storedCalendar } from '../../shared/calendar-data.js';
import { dynamoCatalogRepository } from '../../shared/catalog/repository.js';
import { VERIFIED_PREFIX } from '../../shared/dossier/documents.js';
import type { Pipeline } from '../../shared/dossier/pipeline.js';
import { s3AttachmentStorage } from '../../shared/dossier/storage.js';
import { fetchDocuments } from '../../functions/national-inbound/fetching.js';
import { receiveFiledDossier } from '../../functions/national-inbound/receiving.js';
import {
  LOCAL_NATIONAL_PORTAL,
  portalTime,
  pushOf,
  servePortalFiles,
  signedPush,
  type PortalFileServer,
  type ServedFile,
} from '../../local/national-portal-push.js';
import { LOCAL_APPLICANT_LINK_SECRET } from '../../local/runner.js';
import { linkedApplicantId } from '../../shared/dossier/applicant-link.js';
import { call, problemOf, useLocalStack } from '../support/local-stack.js';
import {
  application,
  attach,
  dossierRepositoryOf,
  eventually,
  outboxOf,
  PDF,
  PNG,
  quickApp,
  sha256,
} from '../support/dossiers.js';
import { actNow, BIRTH, officerToken } from '../support/workspace.js';

/** Quick retries; a run shorter than a document's budget fetches one link and sends its stage again for the rest. */
const app = {
  ...quickApp,
  functions: {
    ...quickApp.functions,
    fetchNationalDocuments: { ...quickApp.functions.fetchNationalDocuments!, timeoutSeconds: 20 },
  },
};
const local = useLocalStack({ app });
/** Certified copies: received by the commune, never accepted unasked. */
const COPIES = { procedure: '2.000815', agency: '000.01.00.H56', document: 'ban-chinh' };

const JAVASCRIPT_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >> >>\nendobj\n' +
    'trailer\n<< /Root 1 0 R >>\n%%EOF\n',
);

const served = new Map<string, ServedFile>([
  ['ban-chinh.png', PNG],
  ['to-khai.pdf', PDF],
  ['giay-chung-sinh.pdf', PDF],
  ['png-named-pdf.pdf', PNG],
  ['javascript.pdf', JAVASCRIPT_PDF],
  ['dropped.pdf', { drop: true }],
  ...['a', 'b', 'c', 'd', 'e'].map((name) => [`run-${name}.pdf`, PDF] as [string, ServedFile]),
]);
let files: PortalFileServer;
let elsewhere: PortalFileServer;

beforeAll(async () => {
  files = await servePortalFiles(served);
  // The same bytes from a host that is not the portal's.
  elsewhere = await servePortalFiles(served);
  process.env.NATIONAL_PORTAL_FILES_URL = files.origin;
});
afterAll(async () => {
  await files?.close();
  await elsewhere?.close();
});

const national = () =>
  dynamoNationalInboundRepository(
    DynamoDBDocumentClient.from(local.stack.clients.dynamodb),
    local.stack.resources.env.TABLE_DOSSIERS!,
  );
const dossiers = () => dossierRepositoryOf(local.stack);

const newCode = () => `G22.99.${randomUUID().slice(0, 8)}`;
/** NgayCapNhat of an update made `seconds` from now: what orders the portal's updates. */
const later = (seconds: number) => portalTime(Date.now() + seconds * 1000);
const asUpdate = { envelope: { isUpdating: true } };

const document = (type: string, name: string, extra: Record<string, unknown> = {}) => ({
  TenTepDinhKem: name,
  MaThanhPhanHoSo: type,
  DuongDanTaiTepTin: files.url(name),
  ...extra,
});

function filed(changes: Record<string, unknown> = {}) {
  return {
    MaHoSo: newCode(),
    MaTTHC: COPIES.procedure,
    ChuHoSo: 'Nguyễn Thị Bình',
    SoGiayToChuHoSo: '079203001234',
    SoDienThoai: '0912345678',
    Email: 'binh@example.vn',
    DiaChiChuHoSo: '12 Lê Lợi, phường Long An',
    TrichYeuHoSo: 'Chứng thực bản sao',
    NgayNopHoSo: portalTime(Date.now()),
    TaiLieuNop: [document(COPIES.document, 'ban-chinh.png', { KichThuoc: PNG.length, MaHash: sha256(PNG) })],
    ...changes,
  };
}

type Answer = { error_code: string; message: string; dossierId: string; code: string; duplicate: boolean };

function push(
  data: Record<string, unknown>,
  options: { secret?: string; language?: string; envelope?: Record<string, unknown> } = {},
) {
  const { body, headers } = signedPush(
    { ...pushOf(data), ...options.envelope },
    options.secret ?? LOCAL_NATIONAL_PORTAL.secret,
  );
  return call<Answer>(local.stack, '/webhooks/national-portal', {
    method: 'POST',
    body,
    headers,
    ...(options.language ? { language: options.language } : {}),
  });
}

type StaffView = {
  status: string;
  nationalStatus: { code: number } | null;
  receivingUnit: string;
  nationalCode?: string;
  documents: { id: string; documentType: string; status: string; sha256: string | null }[];
  nationalDocuments?: {
    fileName: string;
    status: string;
    attachmentId: string | null;
    reason: { vi: string; en: string } | null;
  }[];
  allowedActions: string[];
};

const staffView = (token: string, id: string) =>
  call<StaffView>(local.stack, `/agency/dossiers/${id}`, { token });

/** The dossier once its documents are settled and intake has left it to a receiving officer. */
async function atReception(id: string) {
  return eventually(async () => {
    const dossier = await dossiers().get(id);
    return dossier?.pendingStage === 'reception' ? dossier : undefined;
  });
}

/** A receiving officer of the unit asks for a clearer copy at reception. */
async function askSupplementAtReception(id: string) {
  const officer = await officerToken(local.stack, COPIES.agency, ['receive']);
  const asked = await call(local.stack, `/reception/${id}/request-supplement`, {
    method: 'POST',
    token: officer,
    json: { checklist: [{ documentType: COPIES.document, description: 'Bản chụp rõ nét hơn' }] },
  });
  expect(asked.status, JSON.stringify(asked.body)).toBe(200);
}

describe('dossiers filed on the national portal', () => {
  it('makes a verified push a dossier in status 1 at its receiving unit, with its documents verified, received as others', async () => {
    const data = filed();
    const answer = await push(data);
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(answer.body).toMatchObject({ error_code: '0', duplicate: false });
    expect(answer.body.code).toMatch(new RegExp(`^${COPIES.agency.replaceAll('.', '\\.')}-\\d{6}-\\d{4}$`));

    const dossier = await atReception(answer.body.dossierId);
    expect(dossier).toMatchObject({
      status: 'submitted',
      receivingUnit: COPIES.agency,
      nationalCode: data.MaHoSo,
      submittedVia: 'national-portal',
      nationalDocumentsFailed: 0,
    });
    const officer = await officerToken(local.stack, COPIES.agency, ['receive']);
    const inbox = await call<{ items: { id: string }[] }>(local.stack, '/reception?pageSize=100', {
      token: officer,
    });
    expect(inbox.body.items.map((d) => d.id)).toContain(answer.body.dossierId);

    const view = await staffView(officer, answer.body.dossierId);
    expect(view.status).toBe(200);
    expect(view.body.nationalStatus?.code).toBe(1);
    expect(view.body.nationalCode).toBe(data.MaHoSo);
    expect(view.body.documents).toEqual([
      expect.objectContaining({ documentType: COPIES.document, status: 'verified', sha256: sha256(PNG) }),
    ]);
    expect(view.body.nationalDocuments).toEqual([
      expect.objectContaining({ status: 'verified', attachmentId: view.body.documents[0]!.id, reason: null }),
    ]);
    // Personal data stays out of the public answer: the portal learns the dossier, not the applicant back.
    expect(JSON.stringify(answer.body)).not.toContain(data.SoGiayToChuHoSo);

    const accepted = await call<{ status: string }>(
      local.stack,
      `/reception/${answer.body.dossierId}/accept`,
      {
        method: 'POST',
        token: officer,
      },
    );
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    await eventually(async () => (await dossiers().get(answer.body.dossierId))?.status === 'processing');
    const history = await dossiers().history(answer.body.dossierId);
    expect(history.map((e) => e.action)).toEqual(
      expect.arrayContaining(['created', 'submit', 'national-documents-checked', 'intake-checked', 'accept']),
    );
  });

  it('takes a birth registration through intake unasked when every document is verified', async () => {
    const answer = await push(
      filed({
        MaTTHC: BIRTH.procedure,
        TaiLieuNop: [
          document('to-khai-khai-sinh', 'to-khai.pdf'),
          document('giay-chung-sinh', 'giay-chung-sinh.pdf'),
        ],
      }),
    );
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    const dossier = await eventually(async () => {
      const current = await dossiers().get(answer.body.dossierId);
      return current?.status === 'processing' ? current : undefined;
    });
    expect(dossier.handedIn).toHaveLength(2);
  });

  it('refuses a push whose signature is wrong (401) and writes nothing', async () => {
    const data = filed();
    const answer = await push(data, { secret: 'not-the-portal', language: 'en' });
    expect(answer.status).toBe(401);
    expect(problemOf(answer).fields).toEqual(['header.x-dvcqg-signature']);
    expect(await national().dossierIdOf(data.MaHoSo)).toBeNull();
  });

  it('names a wrong field of the push (400), in the language asked for', async () => {
    const data = filed({ SoDienThoai: '12345' });
    const english = await push(data, { language: 'en' });
    expect(english.status).toBe(400);
    expect(english.headers.get('content-type')).toContain('application/problem+json');
    expect(problemOf(english).fields).toEqual(['body.data.0.SoDienThoai']);
    const vietnamese = await push(filed({ NgayNopHoSo: '20261399000000' }), { language: 'vi' });
    expect(vietnamese.status).toBe(400);
    expect(problemOf(vietnamese).fields).toEqual(['body.data.0.NgayNopHoSo']);
    expect(await national().dossierIdOf(data.MaHoSo)).toBeNull();
  });

  it('answers an unknown MaTTHC with the portal refusal code and writes nothing', async () => {
    const data = filed({ MaTTHC: '9.999999' });
    const answer = await push(data, { language: 'en' });
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({ error_code: '2' });
    expect(answer.body.message).toContain('9.999999');
    expect(await national().dossierIdOf(data.MaHoSo)).toBeNull();
  });

  it('makes one dossier of a MaHoSo pushed again and pushed in parallel', async () => {
    const data = filed();
    const answers = await Promise.all(Array.from({ length: 6 }, () => push(data)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    const ids = new Set(answers.map((a) => a.body.dossierId));
    expect(ids.size).toBe(1);
    const again = await push(data);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ error_code: '0', duplicate: true, dossierId: [...ids][0] });
    expect(await national().dossierIdOf(data.MaHoSo)).toBe([...ids][0]);
    const dossier = await atReception([...ids][0]!);
    expect(dossier.code).toBe(answers.find((a) => a.status === 201)!.body.code);
  });

  it('refuses an update of a received dossier ("4"), one naming another owner ("6") and one of an unknown MaHoSo ("5"), changing nothing', async () => {
    const data = filed();
    const first = await push(data);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    await atReception(first.body.dossierId);
    const officer = await officerToken(local.stack, COPIES.agency, ['receive']);

    const owner = await push({ ...data, ChuHoSo: 'Trần Văn Khác', NgayCapNhat: later(1) }, asUpdate);
    expect(owner.status, JSON.stringify(owner.body)).toBe(409);
    expect(owner.body).toMatchObject({ error_code: '6', dossierId: first.body.dossierId });

    const accepted = await call(local.stack, `/reception/${first.body.dossierId}/accept`, {
      method: 'POST',
      token: officer,
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    const before = await dossiers().get(first.body.dossierId);
    const changed = { ...data, SoDienThoai: '0987654321', TrichYeuHoSo: 'Đã sửa', NgayCapNhat: later(2) };
    for (const [language, text] of [
      ['en', /takes no update in this status/],
      ['vi', /không thể cập nhật/],
    ] as const) {
      const update = await push(changed, { envelope: { isUpdating: true }, language });
      expect(update.status, JSON.stringify(update.body)).toBe(409);
      expect(update.body).toMatchObject({
        error_code: '4',
        dossierId: first.body.dossierId,
        code: first.body.code,
      });
      expect(update.body.message).toMatch(text);
      expect(update.body.message).toContain(data.MaHoSo);
    }
    const after = await dossiers().get(first.body.dossierId);
    expect(after?.applicant).toEqual(before?.applicant);
    expect(after?.form).toEqual(before?.form);
    expect((await dossiers().history(first.body.dossierId)).map((e) => e.action)).not.toContain(
      'national-updated',
    );

    // A push again that is no update stays a duplicate; an update of a MaHoSo never taken is refused.
    const again = await push(changed);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ error_code: '0', duplicate: true, dossierId: first.body.dossierId });
    const unknown = filed();
    const fresh = await push(
      { ...unknown, NgayCapNhat: later(1) },
      { envelope: { isUpdating: true }, language: 'en' },
    );
    expect(fresh.status, JSON.stringify(fresh.body)).toBe(404);
    expect(fresh.body).toMatchObject({ error_code: '5' });
    expect(await national().dossierIdOf(unknown.MaHoSo)).toBeNull();
  });

  it('applies an update before reception: contact data cleaned, a changed document fetched again in place of the old one; a replay changes nothing', async () => {
    const data = filed();
    const first = await push(data);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const received = await atReception(first.body.dossierId);
    const update = {
      ...data,
      SoDienThoai: '0987654321',
      DiaChiChuHoSo: '  34   Trần Hưng Đạo,\u0007 phường Long An ',
      TrichYeuHoSo: 'Chứng thực bản sao (sửa)',
      TaiLieuNop: [document(COPIES.document, 'to-khai.pdf', { KichThuoc: PDF.length, MaHash: sha256(PDF) })],
      NgayCapNhat: later(1),
    };
    const answer = await push(update, { envelope: { isUpdating: true }, language: 'en' });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toMatchObject({ error_code: '0', duplicate: false, dossierId: first.body.dossierId });

    // Fetched and checked again, then back at reception with the new document only.
    const updated = await eventually(async () => {
      const current = await dossiers().get(first.body.dossierId);
      return current && current.version > received.version && current.pendingStage === 'reception'
        ? current
        : undefined;
    });
    expect(updated.applicant).toMatchObject({
      fullName: data.ChuHoSo,
      phone: '0987654321',
      address: '34 Trần Hưng Đạo, phường Long An',
      email: data.Email,
    });
    expect(updated.form).toEqual({ summary: 'Chứng thực bản sao (sửa)' });
    const records = await national().documents(first.body.dossierId);
    expect(records.map((r) => [r.fileName, r.status])).toEqual([
      ['ban-chinh.png', 'replaced'],
      ['to-khai.pdf', 'verified'],
    ]);
    expect(updated.handedIn).toEqual([records[1]!.attachmentId]);
    const officer = await officerToken(local.stack, COPIES.agency, ['receive']);
    const view = await staffView(officer, first.body.dossierId);
    expect(view.status).toBe(200);
    expect(view.body.nationalDocuments?.map((d) => d.status)).toEqual(['replaced', 'verified']);
    const history = await dossiers().history(first.body.dossierId);
    const event = history.find((e) => e.action === 'national-updated');
    expect(event?.note).toBe('changed=contact,summary,documents-added=1,documents-replaced=1');
    expect(event?.note).not.toContain('0987654321');

    // The same update again (and the first push again) changes nothing.
    const replay = await push(update, { envelope: { isUpdating: true } });
    expect(replay.status, JSON.stringify(replay.body)).toBe(200);
    expect(replay.body).toMatchObject({ error_code: '0', duplicate: true });
    // Not the version: a notification's record may still land after the dossier reached reception.
    const after = await dossiers().get(first.body.dossierId);
    expect(after?.applicant).toEqual(updated.applicant);
    expect(after?.handedIn).toEqual(updated.handedIn);
    const updates = (await dossiers().history(first.body.dossierId)).filter(
      (e) => e.action === 'national-updated',
    );
    expect(updates).toHaveLength(1);
    expect(await national().documents(first.body.dossierId)).toHaveLength(2);
    expect(files.hits.get('to-khai.pdf')).toBeGreaterThanOrEqual(1);
  });

  it('takes an update with new documents as the answer to a supplement request at reception, and refuses one without ("7")', async () => {
    const data = filed();
    const first = await push(data);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const id = first.body.dossierId;
    await atReception(id);
    await askSupplementAtReception(id);
    const waiting = await dossiers().get(id);
    expect(waiting?.status).toBe('supplement-requested');

    const none = await push(
      { ...data, SoDienThoai: '0987654321', NgayCapNhat: later(1) },
      { envelope: { isUpdating: true }, language: 'en' },
    );
    expect(none.status, JSON.stringify(none.body)).toBe(422);
    expect(none.body).toMatchObject({ error_code: '7', dossierId: id });
    // Not the version: the supplement request's notification record may land meanwhile.
    const unchanged = await dossiers().get(id);
    expect(unchanged?.status).toBe('supplement-requested');
    expect(unchanged?.applicant).toEqual(waiting?.applicant);
    expect(unchanged?.handedIn).toEqual(waiting?.handedIn);
    expect((await dossiers().history(id)).map((e) => e.action)).not.toContain('national-updated');

    const supplement = {
      ...data,
      TaiLieuNop: [
        ...data.TaiLieuNop,
        document(COPIES.document, 'to-khai.pdf', { KichThuoc: PDF.length, MaHash: sha256(PDF) }),
      ],
      NgayCapNhat: later(2),
    };
    const answer = await push(supplement, { envelope: { isUpdating: true } });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toMatchObject({ error_code: '0', duplicate: false });
    const back = await atReception(id);
    expect(back).toMatchObject({ status: 'submitted', supplementRequest: null });
    const records = await national().documents(id);
    expect(records.map((r) => r.status)).toEqual(['verified', 'verified']);
    expect(back.handedIn).toEqual(records.map((r) => r.attachmentId));
    const history = await dossiers().history(id);
    const received = history.find((e) => e.action === 'receive-supplement');
    expect(received).toMatchObject({ from: 'supplement-requested', to: 'submitted' });
    expect(received?.documentHashes).toEqual([sha256(PDF)]);
    // Replayed once answered, it changes nothing.
    const replay = await push(supplement, { envelope: { isUpdating: true } });
    expect(replay.body).toMatchObject({ error_code: '0', duplicate: true });
  });

  it('takes an update with a new document as the supplement a processing step asked for, and returns the dossier to that step', async () => {
    const data = filed();
    const first = await push(data);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const id = first.body.dossierId;
    await atReception(id);
    const counter = await officerToken(local.stack, COPIES.agency, ['receive']);
    const accepted = await call(local.stack, `/reception/${id}/accept`, { method: 'POST', token: counter });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    const processing = await eventually(async () => {
      const current = await dossiers().get(id);
      return current?.status === 'processing' && current.step ? current : undefined;
    });
    const specialist = await officerToken(local.stack, processing.step!.agency, ['process']);
    const asked = await actNow(local.stack, specialist, id, 'request-supplement', {
      checklist: [{ documentType: COPIES.document, description: 'Bản chụp có dấu giáp lai' }],
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(200);

    const answer = await push(
      {
        ...data,
        TaiLieuNop: [...data.TaiLieuNop, document(COPIES.document, 'to-khai.pdf', { MaHash: sha256(PDF) })],
        NgayCapNhat: later(1),
      },
      { envelope: { isUpdating: true } },
    );
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const back = await eventually(async () => {
      const current = await dossiers().get(id);
      return current?.status === 'processing' ? current : undefined;
    });
    expect(back).toMatchObject({
      pendingStage: null,
      supplementRequest: null,
      step: { id: processing.step!.id },
    });
    expect(back.handedIn).toHaveLength(2);
    const received = (await dossiers().history(id)).find((e) => e.action === 'receive-supplement');
    expect(received).toMatchObject({ from: 'supplement-requested', to: 'processing' });
    expect(received?.note).toMatch(/^policy=\w+ due=/);
  });

  it('never loses an update to an officer accepting at the same moment (parallel requests)', async () => {
    const officer = await officerToken(local.stack, COPIES.agency, ['receive']);
    const rounds = await Promise.all(
      Array.from({ length: 6 }, async () => {
        const data = filed();
        const first = await push(data);
        expect(first.status, JSON.stringify(first.body)).toBe(201);
        await atReception(first.body.dossierId);
        return { data, id: first.body.dossierId };
      }),
    );
    const outcomes = await Promise.all(
      rounds.map(async ({ data, id }, round) => {
        // Staggered by a few milliseconds, so that either request may commit first.
        const [accepted, update] = await Promise.all([
          call(local.stack, `/reception/${id}/accept`, { method: 'POST', token: officer }),
          new Promise((resolve) => setTimeout(resolve, round * 40)).then(() =>
            push({ ...data, SoDienThoai: '0987654321', NgayCapNhat: later(1) }, asUpdate),
          ),
        ]);
        return { id, accepted: accepted.status, update };
      }),
    );
    for (const { id, accepted, update } of outcomes) {
      const dossier = await dossiers().get(id);
      // Applied (then the officer accepted the updated dossier, or was refused), or refused: never answered and lost.
      if (update.body.error_code === '0') expect(dossier?.applicant.phone).toBe('0987654321');
      else {
        expect(update.body.error_code).toBe('4');
        expect(dossier?.applicant.phone).toBe('0912345678');
        expect(accepted).toBe(200);
      }
      expect([200, 409], JSON.stringify(update.body)).toContain(accepted);
      // Accepted dossiers move on to processing at once.
      if (accepted === 200) expect(['accepted', 'processing']).toContain(dossier?.status);
      else expect(dossier?.status).toBe('submitted');
    }
  });
  it('applies updates in the order of their NgayCapNhat: a late resend of an older one is refused ("8") and undoes nothing', async () => {
    const data = filed();
    const first = await push(data);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const id = first.body.dossierId;
    await atReception(id);
    const older = { ...data, SoDienThoai: '0911111111', NgayCapNhat: later(1) };
    const newer = { ...data, SoDienThoai: '0922222222', NgayCapNhat: later(2) };
    for (const update of [older, newer]) {
      const applied = await push(update, asUpdate);
      expect(applied.status, JSON.stringify(applied.body)).toBe(200);
      expect(applied.body).toMatchObject({ error_code: '0', duplicate: false });
    }
    for (const [language, text] of [
      ['en', /not later than the one applied/],
      ['vi', /không mới hơn bản đã áp dụng/],
    ] as const) {
      const late = await push(older, { ...asUpdate, language });
      expect(late.status, JSON.stringify(late.body)).toBe(409);
      expect(late.body).toMatchObject({ error_code: '8', dossierId: id, code: first.body.code });
      expect(late.body.message).toMatch(text);
    }
    // As old as the one applied with other content: refused too; the one applied, again, is a replay.
    const twin = await push({ ...newer, SoDienThoai: '0933333333' }, asUpdate);
    expect(twin.status, JSON.stringify(twin.body)).toBe(409);
    expect(twin.body).toMatchObject({ error_code: '8' });
    const replay = await push(newer, asUpdate);
    expect(replay.status, JSON.stringify(replay.body)).toBe(200);
    expect(replay.body).toMatchObject({ error_code: '0', duplicate: true });

    // An update that cannot be ordered is no update.
    const untimed = await push({ ...data, SoDienThoai: '0944444444' }, { ...asUpdate, language: 'en' });
    expect(untimed.status).toBe(400);
    expect(problemOf(untimed).fields).toEqual(['body.data.0.NgayCapNhat']);
    const ahead = await push({ ...data, SoDienThoai: '0944444444', NgayCapNhat: later(3600) }, asUpdate);
    expect(ahead.status).toBe(400);
    expect(problemOf(ahead).fields).toEqual(['body.data.0.NgayCapNhat']);

    const dossier = await dossiers().get(id);
    expect(dossier?.applicant.phone).toBe('0922222222');
    const updates = (await dossiers().history(id)).filter((e) => e.action === 'national-updated');
    expect(updates).toHaveLength(2);
  });

  it('keeps the latest of updates pushed in parallel, whichever commits first (parallel requests)', async () => {
    const phones = ['0911111111', '0922222222', '0933333333', '0944444444'];
    await Promise.all(
      Array.from({ length: 3 }, async (_, round) => {
        const data = filed();
        const first = await push(data);
        expect(first.status, JSON.stringify(first.body)).toBe(201);
        const id = first.body.dossierId;
        await atReception(id);
        const updates = phones.map((phone, i) => ({
          ...data,
          SoDienThoai: phone,
          NgayCapNhat: later(i + 1),
        }));
        // Sent newest first in one round, oldest first in another, interleaved in the last.
        const order = [
          [3, 2, 1, 0],
          [0, 1, 2, 3],
          [2, 0, 3, 1],
        ][round]!;
        const answers = await Promise.all(
          order.map((i) => push(updates[i]!, asUpdate).then((a) => [i, a] as const)),
        );
        for (const [i, answer] of answers) {
          expect(['0', '8'], JSON.stringify(answer.body)).toContain(answer.body.error_code);
          // Nothing is later than the latest: it is always applied.
          if (i === 3) expect(answer.body).toMatchObject({ error_code: '0', duplicate: false });
        }
        const dossier = await dossiers().get(id);
        expect(dossier?.applicant.phone).toBe(phones[3]);
        const applied = answers.filter(([, a]) => a.body.error_code === '0' && !a.body.duplicate).length;
        const events = (await dossiers().history(id)).filter((e) => e.action === 'national-updated');
        expect(events).toHaveLength(applied);
      }),
    );
  });

  it('holds a supplement push to the document limits of an online supplement ("9"), writing nothing', async () => {
    const data = filed();
    const first = await push(data);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const id = first.body.dossierId;
    await atReception(id);
    await askSupplementAtReception(id);
    // The owner also uploads one here, as an online supplement would: it counts among the dossier's documents.
    const minted = await call<{ token: string }>(local.stack, '/dev/tokens', {
      method: 'POST',
      json: { role: 'citizen', subject: `citizen-${randomUUID()}`, citizenId: data.SoGiayToChuHoSo },
    });
    const uploaded = await attach(local.stack, minted.body.token, id, COPIES.document, PDF);
    expect(uploaded.completed?.status, JSON.stringify(uploaded.completed?.body)).toBe(200);
    const before = await dossiers().get(id);

    const supplement = (documents: Record<string, unknown>[], seconds = 1) => ({
      ...data,
      TaiLieuNop: [...data.TaiLieuNop, ...documents],
      NgayCapNhat: later(seconds),
    });
    const cases = [
      [supplement([document('giay-chung-sinh', 'to-khai.pdf')]), /has no document giay-chung-sinh/],
      [supplement([document(COPIES.document, 'ban-chinh.docx')]), /ban-chinh\.docx: this document takes/],
      [
        supplement([document(COPIES.document, 'to-khai.pdf', { KichThuoc: 10 * 1024 * 1024 + 1 })]),
        /to-khai\.pdf: at most .+ for this document/,
      ],
      // The portal's one, the upload and 39 more make 41.
      [
        supplement(Array.from({ length: 39 }, (_, i) => document(COPIES.document, `trang-${i}.pdf`))),
        /holds 2 documents; 39 more would pass 40/,
      ],
    ] as const;
    for (const [body, text] of cases) {
      const refused = await push(body, { ...asUpdate, language: 'en' });
      expect(refused.status, JSON.stringify(refused.body)).toBe(422);
      expect(refused.body).toMatchObject({ error_code: '9', dossierId: id, code: first.body.code });
      expect(refused.body.message).toMatch(text);
    }
    const vietnamese = await push(cases[0][0], asUpdate);
    expect(vietnamese.body.message).toMatch(/không có thành phần hồ sơ giay-chung-sinh/);

    const after = await dossiers().get(id);
    expect(after).toMatchObject({ status: 'supplement-requested', handedIn: before!.handedIn });
    expect(after?.nationalUpdatedAt).toBe(before?.nationalUpdatedAt);
    expect(await national().documents(id)).toHaveLength(1);
    expect((await dossiers().history(id)).map((e) => e.action)).not.toContain('national-updated');
    // One that fits is taken.
    const fits = await push(
      supplement([document(COPIES.document, 'to-khai.pdf', { MaHash: sha256(PDF) })], 2),
      asUpdate,
    );
    expect(fits.status, JSON.stringify(fits.body)).toBe(200);
    expect(fits.body).toMatchObject({ error_code: '0', duplicate: false });
  });

  it('tells the applicant once that the dossier was submitted, though an update sends it through intake again', async () => {
    const data = filed();
    const first = await push(data);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const id = first.body.dossierId;
    const received = await atReception(id);
    const submitted = () => outboxOf(local.stack, first.body.code).filter((m) => m.event === 'submitted');
    await eventually(async () => submitted().length > 0);

    const update = {
      ...data,
      TaiLieuNop: [document(COPIES.document, 'to-khai.pdf', { KichThuoc: PDF.length, MaHash: sha256(PDF) })],
      NgayCapNhat: later(1),
    };
    const answer = await push(update, asUpdate);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    await eventually(async () => {
      const checks = (await dossiers().history(id)).filter((e) => e.action === 'intake-checked');
      const current = await dossiers().get(id);
      return (
        checks.length === 2 && current?.pendingStage === 'reception' && current.version > received.version
      );
    });
    // A notification sent after the second intake arrives behind anything that intake would have sent.
    const officer = await officerToken(local.stack, COPIES.agency, ['receive']);
    const accepted = await call(local.stack, `/reception/${id}/accept`, { method: 'POST', token: officer });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    await eventually(async () => outboxOf(local.stack, first.body.code).some((m) => m.event !== 'submitted'));
    expect(submitted()).toHaveLength(1);
  });

  it('refuses every push while the unit code is not configured (503), and a push for another unit ("3")', async () => {
    const other = await push(filed(), { envelope: { madonvi: '000.00.00.H99' }, language: 'en' });
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({ error_code: '3' });
    const unit = process.env.NATIONAL_PORTAL_UNIT_CODE;
    delete process.env.NATIONAL_PORTAL_UNIT_CODE;
    try {
      const data = filed();
      for (const [language, text] of [
        ['en', /not configured/],
        ['vi', /Chưa cấu hình/],
      ] as const) {
        const refused = await push(data, { language });
        expect(refused.status).toBe(503);
        expect(refused.headers.get('content-type')).toContain('application/problem+json');
        expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
        expect(problemOf(refused).status).toBe(503);
        expect((refused.body as unknown as { detail: string }).detail).toMatch(text);
      }
      expect(await national().dossierIdOf(data.MaHoSo)).toBeNull();
    } finally {
      process.env.NATIONAL_PORTAL_UNIT_CODE = unit;
    }
  });

  it('lists every document that fails its fetch or check for the receiving officer, and never accepts unasked', async () => {
    const answer = await push(
      filed({
        // A birth registration would be accepted by intake: with a failed document an officer decides.
        MaTTHC: BIRTH.procedure,
        TaiLieuNop: [
          document('to-khai-khai-sinh', 'to-khai.pdf', { KichThuoc: PDF.length, MaHash: sha256(PDF) }),
          document('giay-chung-sinh', 'giay-chung-sinh.pdf', { KichThuoc: PDF.length + 1 }),
          document('giay-chung-sinh', 'to-khai.pdf', { MaHash: sha256(PNG) }),
          document('van-ban-uy-quyen', 'png-named-pdf.pdf'),
          document('van-ban-uy-quyen', 'javascript.pdf'),
          document('van-ban-uy-quyen', 'gone.pdf'),
          document('van-ban-uy-quyen', 'dropped.pdf'),
          { ...document('van-ban-uy-quyen', 'to-khai.pdf'), DuongDanTaiTepTin: elsewhere.url('to-khai.pdf') },
        ],
      }),
    );
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    const dossier = await atReception(answer.body.dossierId);
    expect(dossier.status).toBe('submitted');
    expect(dossier.nationalDocumentsFailed).toBe(7);
    const officer = await officerToken(local.stack, BIRTH.agency, ['receive']);
    const view = await staffView(officer, answer.body.dossierId);
    const listed = view.body.nationalDocuments!;
    expect(listed.map((d) => d.status)).toEqual([
      'verified',
      'failed',
      'failed',
      'failed',
      'failed',
      'failed',
      'failed',
      'failed',
    ]);
    const reasons = listed.slice(1).map((d) => d.reason!.en);
    expect(reasons[0]).toMatch(/bytes, not the \d+ declared/);
    expect(reasons[1]).toMatch(/SHA-256/);
    expect(reasons[2]).toMatch(/not a PDF file/);
    expect(reasons[3]).toMatch(/JavaScript/);
    expect(reasons[4]).toMatch(/answered 404/);
    expect(reasons[5]).toMatch(/could not be fetched/);
    expect(reasons[6]).toMatch(/not on the national portal's file host/);
    expect(elsewhere.hits.get('to-khai.pdf') ?? 0).toBe(0);
    expect(view.body.documents).toEqual([expect.objectContaining({ id: listed[0]!.attachmentId })]);
    const intake = (await dossiers().history(answer.body.dossierId)).find(
      (e) => e.action === 'intake-checked',
    );
    expect(intake?.note).toMatch(/incomplete|national-documents-failed/);
  });
});

/** The use cases called directly, with a pipeline that records what it is sent: nothing reaches the queues. */
function direct() {
  const sent: { stage: string; dossierId: string }[] = [];
  const pipeline: Pipeline = {
    toStage: async (stage, dossierId) => void sent.push({ stage, dossierId }),
    toNotification: async () => undefined,
    toForm: async () => undefined,
    toEvents: async () => undefined,
  };
  const catalog = dynamoCatalogRepository(
    DynamoDBDocumentClient.from(local.stack.clients.dynamodb),
    local.stack.resources.env.TABLE_CATALOG!,
  );
  const deps = {
    dossiers: dossiers(),
    national: national(),
    catalog,
    calendar: storedCalendar(() => catalog.listSchedules(), 0),
    storage: s3AttachmentStorage(local.stack.clients.s3, local.stack.resources.env.BUCKET_ATTACHMENTS!),
    pipeline,
    now: Date.now,
    newId: randomUUID,
    linkedId: async (citizenId: string) => linkedApplicantId(LOCAL_APPLICANT_LINK_SECRET, citizenId),
  };
  return { sent, deps };
}

describe('a fetch that runs out of time', () => {
  it('stops before a document it has no time for, sends its stage again, and the next run fetches what is pending', async () => {
    const { sent, deps } = direct();
    const names = ['a', 'b', 'c', 'd', 'e'].map((name) => `run-${name}.pdf`);
    const data = portalDossierSchema.parse(
      filed({ MaTTHC: BIRTH.procedure, TaiLieuNop: names.map((name) => document('van-ban-uy-quyen', name)) }),
    );
    const received = await receiveFiledDossier(deps, filedDossierOf(data, false));
    if (received.kind !== 'created') throw new Error(received.kind);
    const id = received.dossierId;

    // Each document takes a second of the run's time, and one is started only with a second left.
    let left = 0;
    const real = portalFiles({ filesUrl: files.origin, policy: { allowLoopback: true }, timeoutMs: 2000 });
    const run = (ms: number) => {
      left = ms;
      sent.length = 0;
      return fetchDocuments(
        {
          ...deps,
          files: (url, max) => {
            left -= 1000;
            return real(url, max);
          },
          documentBudgetMs: 1000,
        },
        id,
        () => left,
      );
    };
    const statuses = async () => (await national().documents(id)).map((d) => d.status);

    expect(await run(2500)).toBe('continued');
    expect(sent).toEqual([{ stage: 'nationalDocuments', dossierId: id }]);
    expect(await statuses()).toEqual(['verified', 'verified', 'pending', 'pending', 'pending']);
    expect((await dossiers().get(id))?.pendingStage).toBe('nationalDocuments');
    // A run started short of time still settles one, so that every run goes forward.
    expect(await run(0)).toBe('continued');
    expect(await statuses()).toEqual(['verified', 'verified', 'verified', 'pending', 'pending']);
    expect(await run(10_000)).toBe('done');
    expect(sent).toEqual([{ stage: 'intake', dossierId: id }]);
    expect(await statuses()).toEqual(Array(5).fill('verified'));
    const handed = await dossiers().get(id);
    expect(handed).toMatchObject({ pendingStage: 'intake', nationalDocumentsFailed: 0 });
    expect(handed?.handedIn).toHaveLength(5);
    // Settled documents are kept: none was fetched twice.
    expect(names.map((name) => files.hits.get(name))).toEqual([1, 1, 1, 1, 1]);
  });
});

describe('a fetch that dies between storing a copy and recording it', () => {
  it('leaves a pending record naming every copy, which the next delivery records and cleans: no copy is left unnamed', async () => {
    const { deps } = direct();
    const data = portalDossierSchema.parse(
      filed({ MaTTHC: BIRTH.procedure, TaiLieuNop: [document('to-khai-khai-sinh', 'to-khai.pdf')] }),
    );
    const received = await receiveFiledDossier(deps, filedDossierOf(data, false));
    if (received.kind !== 'created') throw new Error(received.kind);
    const id = received.dossierId;
    const fetched = portalFiles({ filesUrl: files.origin, policy: { allowLoopback: true }, timeoutMs: 2000 });
    const bucket = local.stack.resources.env.BUCKET_ATTACHMENTS!;
    const stored = async () => {
      const listed = await local.stack.clients.s3.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: `${VERIFIED_PREFIX}${id}/` }),
      );
      return (listed.Contents ?? []).map((object) => object.Key!).sort();
    };
    const died = new Error('the run died');
    const run = (changes: Partial<typeof deps>) =>
      fetchDocuments({ ...deps, files: fetched, documentBudgetMs: 0, ...changes }, id, () => 60_000);

    // Dies storing the copy: the record names one that is not there.
    await expect(
      run({
        storage: {
          ...deps.storage,
          write: async () => {
            throw died;
          },
        },
      }),
    ).rejects.toBe(died);
    let [record] = await national().documents(id);
    expect(record).toMatchObject({ status: 'pending', attachmentId: null });
    expect(record!.copies).toHaveLength(1);
    expect(await stored()).toEqual([]);

    // Dies after storing it, before recording it: the copy is there, and its record names it.
    await expect(
      run({
        national: {
          ...deps.national,
          settle: async () => {
            throw died;
          },
        },
      }),
    ).rejects.toBe(died);
    [record] = await national().documents(id);
    expect(record).toMatchObject({ status: 'pending', attachmentId: null });
    expect(record!.copies).toHaveLength(2);
    const left = await stored();
    expect(left).toHaveLength(1);
    expect(record!.copies!.map((copy) => copy.objectKey)).toContain(left[0]);

    // Another delivery names its copy meanwhile; the next delivery records the document and removes every copy its
    // record does not use.
    const late = { attachmentId: randomUUID(), objectKey: `${VERIFIED_PREFIX}${id}/${randomUUID()}/late` };
    expect(await national().reserveCopy(record!, late)).toBe(true);
    expect(await run({})).toBe('done');
    [record] = await national().documents(id);
    expect(record).toMatchObject({ status: 'verified' });
    const dossier = await dossiers().getWithAttachments(id);
    const attachment = dossier!.attachments.find((a) => a.id === record!.attachmentId);
    expect(attachment?.status).toBe('verified');
    expect(await stored()).toEqual([attachment!.objectKey]);
    expect(dossier!.dossier.handedIn).toEqual([attachment!.id]);

    // That delivery's copy lands after the stage was done, and it dies before removing it: a delivery again removes it.
    await deps.storage.write(
      late.objectKey,
      { bytes: PDF, size: PDF.length, sha256: sha256(PDF) },
      'application/pdf',
    );
    expect(await stored()).toHaveLength(2);
    expect(await run({})).toBe('skipped');
    expect(await stored()).toEqual([attachment!.objectKey]);
  });
});

describe("a national-portal dossier and its owner's account", () => {
  const citizenToken = async (citizenId?: string, role = 'citizen', agency?: string) => {
    const minted = await call<{ token: string }>(local.stack, '/dev/tokens', {
      method: 'POST',
      json: {
        role,
        subject: `${role}-${randomUUID()}`,
        ...(citizenId ? { citizenId } : {}),
        ...(agency ? { agency, duties: ['receive'] } : {}),
      },
    });
    return minted.body.token;
  };
  const newCitizenId = () => `079${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`;
  type Page = { items: { id: string; status: string }[]; nextCursor: string | null };

  it("is listed and read by the token whose citizen_id is its owner's, keyed without the ID number; others see nothing", async () => {
    const owner = newCitizenId();
    const answer = await push(filed({ SoGiayToChuHoSo: owner }));
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    const id = answer.body.dossierId;
    await atReception(id);
    const stored = await dossiers().get(id);
    expect(stored?.applicantId).toMatch(/^citizen-id#[A-Za-z0-9_-]{43}$/);
    expect(stored?.applicantId).not.toContain(owner);

    const mine = await citizenToken(owner);
    // A dossier this account created itself, listed with the portal's, newest first, a page at a time.
    const created = await call<{ id: string }>(local.stack, '/dossiers', {
      method: 'POST',
      token: mine,
      json: application(),
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const first = await call<Page>(local.stack, '/me/dossiers?pageSize=1', { token: mine });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.items.map((d) => d.id)).toEqual([created.body.id]);
    const second = await call<Page>(
      local.stack,
      `/me/dossiers?pageSize=1&cursor=${encodeURIComponent(first.body.nextCursor!)}`,
      { token: mine },
    );
    expect(second.body.items.map((d) => d.id)).toEqual([id]);
    expect(second.body.nextCursor).toBeNull();
    const read = await call<{ id: string; nationalStatus: { code: number } }>(
      local.stack,
      `/dossiers/${id}`,
      {
        token: mine,
      },
    );
    expect(read.status).toBe(200);
    expect(read.body.nationalStatus.code).toBe(1);

    // Without the claim, or with another ID number, the dossier is not theirs.
    for (const other of [await citizenToken(), await citizenToken(newCitizenId())]) {
      const list = await call<Page>(local.stack, '/me/dossiers?pageSize=100', { token: other });
      expect(list.body.items.map((d) => d.id)).not.toContain(id);
      expect((await call(local.stack, `/dossiers/${id}`, { token: other })).status).toBe(404);
    }
    // A dossier made here that merely names the ID number links nobody.
    const declared = await call<{ id: string }>(local.stack, '/dossiers', {
      method: 'POST',
      token: await citizenToken(),
      json: application({ applicant: { ...application().applicant, citizenId: owner } }),
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(declared.status).toBe(201);
    expect((await call(local.stack, `/dossiers/${declared.body.id}`, { token: mine })).status).toBe(404);
  });

  it('gives the last of its 40 places to one of an upload and a supplement push made at the same moment (parallel requests)', async () => {
    const requestUpload = (token: string, id: string) =>
      call(local.stack, `/dossiers/${id}/attachments`, {
        method: 'POST',
        token,
        json: {
          documentType: COPIES.document,
          fileName: 'ban-sao.pdf',
          size: PDF.length,
          contentType: 'application/pdf',
        },
      });
    for (let round = 0; round < 3; round += 1) {
      const owner = newCitizenId();
      const data = filed({ SoGiayToChuHoSo: owner });
      const answer = await push(data);
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      const id = answer.body.dossierId;
      await atReception(id);
      await askSupplementAtReception(id);
      const mine = await citizenToken(owner);
      // With the portal's document, 39 of the 40 places: uploads made all at once do not hold each other up.
      const taken = await Promise.all(Array.from({ length: 38 }, () => requestUpload(mine, id)));
      expect(taken.map((r) => r.status)).toEqual(Array.from({ length: 38 }, () => 201));

      const [upload, pushed] = await Promise.all([
        requestUpload(mine, id),
        push(
          {
            ...data,
            TaiLieuNop: [
              ...data.TaiLieuNop,
              document(COPIES.document, 'to-khai.pdf', { MaHash: sha256(PDF) }),
            ],
            NgayCapNhat: later(1),
          },
          asUpdate,
        ),
      ]);
      const whole = await dossiers().getForStaff(id);
      const held =
        whole!.attachments.length +
        (whole!.nationalDocuments ?? []).filter((d) => d.status === 'pending').length;
      expect(held).toBe(40);
      expect(
        [upload.status, pushed.status].filter((status) => status === 201 || status === 200),
      ).toHaveLength(1);
    }
  });

  it("lets its owner act on it as its applicant (supplement, withdrawal), and an officer with the owner's citizen_id not decide on it", async () => {
    const owner = newCitizenId();
    const answer = await push(filed({ SoGiayToChuHoSo: owner }));
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    const id = answer.body.dossierId;
    await atReception(id);

    const self = await citizenToken(owner, 'officer', COPIES.agency);
    const refused = await call(local.stack, `/reception/${id}/accept`, { method: 'POST', token: self });
    expect(refused.status, JSON.stringify(refused.body)).toBe(403);

    // A supplement asked at reception, answered by the owner here with an upload, as any applicant does.
    await askSupplementAtReception(id);
    const mine = await citizenToken(owner);
    const stranger = await citizenToken();
    const refusedUpload = await attach(local.stack, stranger, id, COPIES.document, PDF);
    expect(refusedUpload.requested.status).toBe(404);
    const upload = await attach(local.stack, mine, id, COPIES.document, PDF);
    expect(upload.completed?.status, JSON.stringify(upload.completed?.body)).toBe(200);
    const answered = await call<{ status: string }>(local.stack, `/dossiers/${id}/supplement`, {
      method: 'POST',
      token: mine,
    });
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);
    expect(answered.body.status).toBe('submitted');

    expect(
      (await call(local.stack, `/dossiers/${id}/withdraw`, { method: 'POST', token: stranger })).status,
    ).toBe(404);
    const withdrawn = await call<{ status: string }>(local.stack, `/dossiers/${id}/withdraw`, {
      method: 'POST',
      token: mine,
      json: { reason: 'Nộp nhầm thủ tục' },
    });
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
    expect(withdrawn.body.status).toBe('withdrawn');
    const event = (await dossiers().history(id)).find((e) => e.action === 'withdraw');
    expect(event?.actor).toMatchObject({ role: 'citizen' });
  });
});
