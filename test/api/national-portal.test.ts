// National Public Service Portal sync over the local stack: every change reaches the fake adapter as the portal
// expects it (one fixture per status 1–10 and per message), in history order; transport errors and "try again"
// codes are retried; a refusal is parked in the DLQ with the portal's answer and redriven; the reconciliation finds
// and re-sends a dossier whose status differs at the portal.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  ChangeMessageVisibilityCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { queueNames } from '../../infra/app-model.js';
import type { ReceivedCall } from '../../local/national-portal.js';
import {
  envelope,
  type DossierSync,
  type Envelope,
  type ProgressUpdate,
} from '../../shared/adapters/national-portal/messages.js';
import { portalTime } from '../../shared/adapters/national-portal/mapping.js';
import { nationalStatus } from '../../shared/domain/dossier/status-machine.js';
import { redrive } from '../../shared/redrive.js';
import { LOCAL_PARTNER_FILES_SECRET } from '../../local/national-portal.js';
import { partnerFileToken, readPartnerFileToken } from '../../shared/partner-files/link.js';
import { call, useLocalStack } from '../support/local-stack.js';
import { dossierRepositoryOf, eventually, tokenFor } from '../support/dossiers.js';
import {
  actNow,
  BIRTH,
  officerToken,
  processingBirth,
  resolvedBirth,
  rewriteDossier,
  submittedDossier,
} from '../support/workspace.js';

// A retry a second later (doubling) instead of 30 s.
process.env.NATIONAL_FIRST_BACKOFF_SECONDS = '1';
const local = useLocalStack();
const portal = () => local.stack.nationalPortal;

const CRIMINAL_RECORD = {
  procedure: '2.000488',
  counter: '000.00.01.H56',
  department: '000.00.02.H56',
  documents: ['to-khai-ly-lich-tu-phap', 'giay-to-tuy-than'],
};
const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/national-portal');

const accepted = (c: ReceivedCall) => c.answered !== 'dropped' && c.answered.error_code === '0';
const about = (code: string) => (c: ReceivedCall) => c.envelope.data.some((item) => item.MaHoSo === code);
const callsAbout = (code: string) => portal().calls().filter(about(code));
const syncsOf = (code: string) =>
  callsAbout(code).filter((c) => c.envelope.service === 'DongBoHoSoMC' && accepted(c));

/** The portal's record of a dossier once it reached `status`: the envelope that brought it there. */
async function syncedAt(code: string, status: string) {
  return eventually(
    async () =>
      portal().dossier(code)?.TrangThaiHoSo === status
        ? syncsOf(code).findLast((c) => (c.envelope.data[0] as DossierSync).TrangThaiHoSo === status)
        : undefined,
    60_000,
  );
}

/** What differs run to run (codes, times, ids, history positions, sessions) is compared by its form only. */
function normalised(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => normalised(item, key));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalised(v, k)]));
  if (typeof value !== 'string') return value;
  if (/^\d{14}$/.test(value)) return '<yyyyMMddHHmmss>';
  if (['MaHoSo', 'session', 'TepDinhKemId', 'GiayToId', 'HoSoBoSungId'].includes(key)) return `<${key}>`;
  // A partner file link: this API's origin and a token signed for the document, new with each sync.
  if (/^https?:\/\/[^/]+\/partner-files\/[A-Za-z0-9._-]+$/.test(value)) return '<partner-file-link>';
  return value;
}

/** The received envelope matches its fixture; NATIONAL_FIXTURES_WRITE=1 writes the fixture from it instead. */
function expectFixture(name: string, received: Envelope) {
  const file = path.join(FIXTURES, `${name}.json`);
  if (process.env.NATIONAL_FIXTURES_WRITE === '1')
    writeFileSync(file, `${JSON.stringify(received, null, 2)}\n`);
  const fixture = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  expect(envelope.safeParse(fixture).success).toBe(true);
  expect(normalised(received)).toEqual(normalised(fixture));
}

/** Statuses the portal was sent, in order, are the dossier's own in history order: never an older after a newer. */
async function expectHistoryOrder(id: string, code: string) {
  const history = await dossierRepositoryOf(local.stack).history(id);
  const path = history.map((event) => String(nationalStatus(event.to)?.code ?? ''));
  let at = 0;
  for (const call of syncsOf(code)) {
    const status = (call.envelope.data[0] as DossierSync).TrangThaiHoSo;
    const found = path.indexOf(status, at);
    expect(found, `status ${status} sent out of order (${path.join(',')})`).toBeGreaterThanOrEqual(0);
    at = found;
  }
}

async function criminalRecordAtReception() {
  const dossier = await submittedDossier(local.stack, CRIMINAL_RECORD.procedure, CRIMINAL_RECORD.documents);
  await eventually(
    async () => (await dossierRepositoryOf(local.stack).get(dossier.id))?.pendingStage === 'reception',
  );
  return dossier;
}

describe('national portal sync', () => {
  it('sends a dossier at reception as status 1, with the applicant and the documents handed in', async () => {
    const dossier = await criminalRecordAtReception();
    const sync = await syncedAt(dossier.code, '1');
    expect(sync.envelope).toMatchObject({
      service: 'DongBoHoSoMC',
      isUpdating: 'False',
      madonvi: '000.00.00.H56',
    });
    const stored = (await dossierRepositoryOf(local.stack).get(dossier.id))!;
    const item = sync.envelope.data[0] as DossierSync;
    expect(item.MaHoSo).toBe(dossier.code);
    // Vietnam's local time (UTC+7) of the submission.
    expect(item.NgayNopHoSo).toBe(portalTime(stored.submittedAt));
    expect(item.NgayNopHoSo.slice(8, 10)).toBe(
      String((new Date(stored.submittedAt!).getUTCHours() + 7) % 24).padStart(2, '0'),
    );
    expectFixture('dong-bo-ho-so-mc.status-1', sync.envelope);
  });

  it('sends a refusal at reception as status 3 with its date', async () => {
    const dossier = await criminalRecordAtReception();
    const counter = await officerToken(local.stack, CRIMINAL_RECORD.counter, ['receive']);
    const refused = await call(local.stack, `/reception/${dossier.id}/refuse`, {
      method: 'POST',
      token: counter,
      json: { reason: 'Giấy tờ tùy thân đã hết hạn' },
    });
    expect(refused.status).toBe(200);
    const sync = await syncedAt(dossier.code, '3');
    expect(sync.envelope).toMatchObject({ isUpdating: 'True' });
    expectFixture('dong-bo-ho-so-mc.status-3', sync.envelope);
    await expectHistoryOrder(dossier.id, dossier.code);
  });

  it('sends an accepted dossier as status 2 with its reception and due dates', async () => {
    // Routing follows acceptance at once; to hold a dossier at status 2, it is stored accepted and not yet routed,
    // and the sync is asked for its state (as the reconciliation asks).
    const dossier = await criminalRecordAtReception();
    await syncedAt(dossier.code, '1');
    const now = Date.now();
    await rewriteDossier(local.stack, dossier.id, (d) => ({
      ...d,
      status: 'accepted',
      state: { ...d.state, status: 'accepted', dueAt: now + 10 * 86_400_000 },
      acceptedAt: new Date(now).toISOString(),
      pendingStage: null,
    }));
    const stored = (await dossierRepositoryOf(local.stack).get(dossier.id))!;
    await local.stack.clients.sqs.send(
      new SendMessageCommand({
        QueueUrl: local.stack.resources.queueUrls.get('national')!,
        MessageBody: JSON.stringify({
          kind: 'sync',
          dossierId: dossier.id,
          sequence: stored.historyLength,
          force: true,
        }),
      }),
    );
    const sync = await syncedAt(dossier.code, '2');
    const item = sync.envelope.data[0] as DossierSync;
    expect(item.NgayTiepNhan).toBe(portalTime(stored.acceptedAt));
    expect(item.NgayHenTra).toBe(portalTime(stored.state.dueAt));
    expectFixture('dong-bo-ho-so-mc.status-2', sync.envelope);
  });

  it('sends processing (4) and its first step as progress', async () => {
    const dossier = await processingBirth(local.stack);
    const sync = await syncedAt(dossier.code, '4');
    // Intake accepts a birth registration at its first step in one commit: the portal may first hear of it at 4,
    // and its first DongBoHoSoMC creates it there (isUpdating False), a later one updates it.
    const earlier = syncsOf(dossier.code).indexOf(sync);
    const { envelope } = sync;
    if (envelope.service !== 'DongBoHoSoMC')
      throw new Error(`expected DongBoHoSoMC, got ${envelope.service}`);
    expect(envelope.isUpdating).toBe(earlier > 0 ? 'True' : 'False');
    expectFixture('dong-bo-ho-so-mc.status-4', { ...envelope, isUpdating: 'True' });
    await expectHistoryOrder(dossier.id, dossier.code);
  });

  it('sends a supplement request (5), a fee request (6), a withdrawal (7) and a stop (8)', async () => {
    const [supplement, fee, withdrawn, stopped] = await Promise.all([
      processingBirth(local.stack),
      processingBirth(local.stack),
      processingBirth(local.stack),
      processingBirth(local.stack),
    ]);
    const officer = await officerToken(local.stack, BIRTH.agency);
    expect(
      (
        await actNow(local.stack, officer, supplement.id, 'request-supplement', {
          checklist: [{ documentType: 'giay-chung-sinh', description: 'Bản chụp giấy chứng sinh bị mờ' }],
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await actNow(local.stack, officer, fee.id, 'request-fee', {
          items: [{ name: 'Lệ phí đăng ký khai sinh muộn', amountVnd: 50_000 }],
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call(local.stack, `/dossiers/${withdrawn.id}/withdraw`, {
          method: 'POST',
          token: withdrawn.citizen,
          json: {},
        })
      ).status,
    ).toBe(200);
    expect(
      (await actNow(local.stack, officer, stopped.id, 'stop', { reason: 'Người yêu cầu đã mất' })).status,
    ).toBe(200);

    expectFixture('dong-bo-ho-so-mc.status-5', (await syncedAt(supplement.code, '5')).envelope);
    expectFixture('dong-bo-ho-so-mc.status-6', (await syncedAt(fee.code, '6')).envelope);
    expectFixture('dong-bo-ho-so-mc.status-7', (await syncedAt(withdrawn.code, '7')).envelope);
    expectFixture('dong-bo-ho-so-mc.status-8', (await syncedAt(stopped.code, '8')).envelope);
    for (const dossier of [supplement, fee, withdrawn, stopped])
      await expectHistoryOrder(dossier.id, dossier.code);
  });

  it('sends a resolved dossier (9) with its result, and its release (10) with the return date', async () => {
    const dossier = await resolvedBirth(local.stack);
    const resolved = await syncedAt(dossier.code, '9');
    expect((resolved.envelope.data[0] as DossierSync).DanhSachGiayToKetQua).toHaveLength(1);
    expectFixture('dong-bo-ho-so-mc.status-9', resolved.envelope);
    const counter = await officerToken(local.stack, BIRTH.agency, ['receive']);
    expect((await actNow(local.stack, counter, dossier.id, 'release', { method: 'online' })).status).toBe(
      200,
    );
    const released = await syncedAt(dossier.code, '10');
    expect((released.envelope.data[0] as DossierSync).NgayTra).toMatch(/^\d{14}$/);
    expectFixture('dong-bo-ho-so-mc.status-10', released.envelope);
    await expectHistoryOrder(dossier.id, dossier.code);
  });

  it('reports each hand-off between agencies once, with the officer, their title, the agency and the note', async () => {
    const dossier = await criminalRecordAtReception();
    const counter = await officerToken(
      local.stack,
      CRIMINAL_RECORD.counter,
      ['receive', 'process'],
      'Trần Thị Lan',
    );
    expect(
      (await call(local.stack, `/reception/${dossier.id}/accept`, { method: 'POST', token: counter })).status,
    ).toBe(200);
    await eventually(
      async () => (await dossierRepositoryOf(local.stack).get(dossier.id))?.status === 'processing',
    );
    expect(
      (
        await actNow(local.stack, counter, dossier.id, 'forward', {
          toStep: 'tra-cuu',
          note: 'Chuyển tra cứu lý lịch',
        })
      ).status,
    ).toBe(200);
    const department = await officerToken(
      local.stack,
      CRIMINAL_RECORD.department,
      ['process'],
      'Phạm Quốc Huy',
      // Cleaned as officers' texts are: a control character and a zero-width space are not kept.
      'Phó Trưởng\tphòng\u200b Hồ sơ',
    );
    expect(
      (await actNow(local.stack, department, dossier.id, 'return', { note: 'Thiếu bản sao giấy tờ cư trú' }))
        .status,
    ).toBe(200);

    const updates = await eventually(async () => {
      const sent = callsAbout(dossier.code)
        .filter((c) => c.envelope.service === 'CapNhatTienDoHoSoMC' && accepted(c))
        .flatMap((c) => c.envelope.data as ProgressUpdate[]);
      return sent.some((u) => u.NoiDungXuLy === 'Thiếu bản sao giấy tờ cư trú') ? sent : undefined;
    }, 60_000);
    const words = updates.map((u) => u.NoiDungXuLy);
    // Each step once, in order: the routing's start, the counter's forward, the department's return.
    expect(words).toEqual(['Chuyển xử lý', 'Chuyển tra cứu lý lịch', 'Thiếu bản sao giấy tờ cư trú']);
    const byWords = (text: string) => updates.find((u) => u.NoiDungXuLy === text);
    // Without a title claim, the generic title of the step's duty (a forward is a specialist's).
    expect(byWords('Chuyển tra cứu lý lịch')).toMatchObject({
      NguoiXuLy: 'Trần Thị Lan',
      ChucDanh: 'Chuyên viên',
      TrangThai: '4',
    });
    expect(byWords('Thiếu bản sao giấy tờ cư trú')).toMatchObject({
      NguoiXuLy: 'Phạm Quốc Huy',
      ChucDanh: 'Phó Trưởng phòng Hồ sơ',
      TrangThai: '4',
    });
    expect(byWords('Chuyển xử lý')!.ChucDanh).toBe('');
    // The title is recorded with the step's actor in the history, beside the name (nothing else of the token).
    const returned = (await dossierRepositoryOf(local.stack).history(dossier.id)).find(
      (event) => event.action === 'return',
    )!;
    expect(returned.actor).toEqual({
      id: expect.any(String),
      role: 'officer',
      agency: CRIMINAL_RECORD.department,
      name: 'Phạm Quốc Huy',
      title: 'Phó Trưởng phòng Hồ sơ',
    });
    const forwarded = callsAbout(dossier.code).find(
      (c) =>
        c.envelope.service === 'CapNhatTienDoHoSoMC' &&
        c.envelope.data.some((u) => 'NoiDungXuLy' in u && u.NoiDungXuLy === 'Chuyển tra cứu lý lịch'),
    )!;
    // The forward alone (a return made meanwhile may travel in the same envelope).
    expectFixture('cap-nhat-tien-do-ho-so-mc', {
      ...forwarded.envelope,
      data: [byWords('Chuyển tra cứu lý lịch')!],
    } as Envelope);
    await expectHistoryOrder(dossier.id, dossier.code);
  });
});

describe("the portal's links to documents", () => {
  const tokenOf = (link: string) => link.slice(link.lastIndexOf('/') + 1);
  /** The local stack's link key: its secret, under its own URL (PUBLIC_API_URL). */
  const partnerKey = () => ({ secret: LOCAL_PARTNER_FILES_SECRET, baseUrl: local.stack.url });
  const fetchLink = (link: string, language = 'en') =>
    fetch(`${local.stack.url}/partner-files/${tokenOf(link)}`, {
      redirect: 'manual',
      headers: { 'accept-language': language },
    });

  it('links each document handed in and each result to a signed, expiring file the portal can fetch once redirected', async () => {
    const dossier = await resolvedBirth(local.stack);
    const resolved = await syncedAt(dossier.code, '9');
    const item = resolved.envelope.data[0] as DossierSync;
    const record = (await dossierRepositoryOf(local.stack).getForStaff(dossier.id))!;
    const links = [
      ...item.TaiLieuNop.map((d) => ({ link: d.DuongDanTaiTepTin, id: d.TepDinhKemId })),
      ...item.DanhSachGiayToKetQua.map((d) => ({ link: d.DuongDanTepTinKetQua, id: d.GiayToId })),
    ];
    expect(links).toHaveLength(record.dossier.handedIn.length + 1);
    for (const { link, id } of links) {
      expect(link).toMatch(new RegExp(`^${local.stack.url}/partner-files/`));
      // Valid for seven days from the sync.
      const read = readPartnerFileToken(partnerKey(), tokenOf(link), Date.now());
      expect(read).toMatchObject({ ok: true, ref: { dossierId: dossier.id, documentId: id } });
      if (read.ok) expect(read.expiresAt * 1000 - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
      const answered = await fetchLink(link);
      expect(answered.status).toBe(303);
      expect(answered.headers.get('cache-control')).toBe('no-store');
      const file = await fetch(answered.headers.get('location')!);
      expect(file.status).toBe(200);
      const stored = [...record.attachments, ...record.results].find((a) => a.id === id)!;
      expect(
        createHash('sha256')
          .update(Buffer.from(await file.arrayBuffer()))
          .digest('hex'),
      ).toBe(stored.sha256);
    }

    // Every fetch is in the receiving unit's access log, as the partner's read of that one document.
    const admin = await tokenFor(local.stack, `admin-${dossier.id}`, 'admin');
    const day = new Date().toISOString().slice(0, 10);
    const audit = await call<{ items: Record<string, unknown>[] }>(
      local.stack,
      `/admin/audit?kind=access&from=${day}&pageSize=100`,
      { token: admin },
    );
    const reads = audit.body.items.filter(
      (entry) => (entry.dossier as { id: string }).id === dossier.id && entry.what === 'partner-download',
    );
    expect(reads).toHaveLength(links.length);
    expect(reads[0]).toMatchObject({
      officer: { subject: 'partner:national-portal' },
      agency: BIRTH.agency,
      dossier: { code: dossier.code },
    });
    expect(reads.map((entry) => (entry.documents as string[])[0]).sort()).toEqual(
      links.map((l) => l.id).sort(),
    );
  });

  it('answers a tampered link 404 and an expired one 410, as problems in the language asked for', async () => {
    const dossier = await resolvedBirth(local.stack);
    const item = (await syncedAt(dossier.code, '9')).envelope.data[0] as DossierSync;
    const link = item.DanhSachGiayToKetQua[0]!.DuongDanTepTinKetQua;
    const token = tokenOf(link);
    const [dossierId, , documentId] = token.split('.');
    const last = token.at(-1) === 'A' ? 'B' : 'A';
    const tampered = [
      `${token.slice(0, -1)}${last}`,
      // Another document of the same dossier under the same signature.
      token.replace(documentId!, item.TaiLieuNop[0]!.TepDinhKemId),
      // The same link made to last longer.
      token.replace(/\.([0-9a-z]+)\.([^.]+)$/, (_m, _expiry, mac: string) => `.zzzzzz.${mac}`),
      'not-a-token',
      // Signed with the stage's own key, under another stage's base URL.
      partnerFileToken(
        { secret: LOCAL_PARTNER_FILES_SECRET, baseUrl: 'https://api.other-stage.example.gov.vn' },
        { dossierId: dossierId!, kind: 'result', documentId: documentId! },
        Math.floor(Date.now() / 1000) + 60,
      ),
    ];
    for (const forged of tampered) {
      const answered = await fetchLink(`${local.stack.url}/partner-files/${forged}`);
      expect(answered.status, forged).toBe(404);
      expect(answered.headers.get('content-type')).toContain('application/problem+json');
    }
    const expired = partnerFileToken(
      partnerKey(),
      { dossierId: dossierId!, kind: 'result', documentId: documentId! },
      Math.floor(Date.now() / 1000) - 1,
    );
    for (const [language, words] of [
      ['vi', /hết hạn/],
      ['en', /expired/],
    ] as const) {
      const answered = await fetchLink(`${local.stack.url}/partner-files/${expired}`, language);
      expect(answered.status).toBe(410);
      expect(answered.headers.get('content-type')).toContain('application/problem+json');
      expect(((await answered.json()) as { detail: string }).detail).toMatch(words);
    }
    // A link signed for a document that is not stored is as unknown as a forged one.
    const missing = partnerFileToken(
      partnerKey(),
      { dossierId: dossierId!, kind: 'result', documentId: '00000000-0000-4000-8000-000000000000' },
      Math.floor(Date.now() / 1000) + 60,
    );
    expect((await fetchLink(`${local.stack.url}/partner-files/${missing}`)).status).toBe(404);
  });
});

describe('national portal errors', () => {
  const firstSyncOf = (procedure: string) => (message: Envelope) =>
    message.service === 'DongBoHoSoMC' &&
    message.data.some((d) => d.MaTTHC === procedure && d.TrangThaiHoSo === '1');

  it('retries a dropped connection and a "try again" answer: the portal accepts the dossier exactly once', async () => {
    portal().failNext('transport', firstSyncOf(CRIMINAL_RECORD.procedure));
    portal().failNext('retry', firstSyncOf(CRIMINAL_RECORD.procedure));
    const dossier = await criminalRecordAtReception();
    await syncedAt(dossier.code, '1');
    const calls = callsAbout(dossier.code);
    expect(calls.map((c) => (c.answered === 'dropped' ? 'dropped' : c.answered.error_code))).toEqual([
      'dropped',
      '-1',
      '0',
    ]);
    expect(syncsOf(dossier.code)).toHaveLength(1);
  });

  it('creates a dossier at the portal once, though a progress update after it fails and is tried again', async () => {
    const dossier = await criminalRecordAtReception();
    await syncedAt(dossier.code, '1');
    portal().failNext(
      'retry',
      (message) =>
        message.service === 'CapNhatTienDoHoSoMC' &&
        about(dossier.code)({ envelope: message } as ReceivedCall),
    );
    const counter = await officerToken(local.stack, CRIMINAL_RECORD.counter);
    expect(
      (await call(local.stack, `/reception/${dossier.id}/accept`, { method: 'POST', token: counter })).status,
    ).toBe(200);
    await syncedAt(dossier.code, '4');
    const progress = await eventually(async () => {
      const calls = callsAbout(dossier.code).filter((c) => c.envelope.service === 'CapNhatTienDoHoSoMC');
      return calls.some(accepted) ? calls : undefined;
    }, 60_000);
    expect(progress.map((c) => (c.answered === 'dropped' ? 'dropped' : c.answered.error_code))).toEqual([
      '-1',
      '0',
    ]);
    // Created by the first sync (its completion records that the portal has it); every later one updates it.
    const creations = syncsOf(dossier.code).map((c) =>
      c.envelope.service === 'DongBoHoSoMC' ? c.envelope.isUpdating : null,
    );
    expect(creations[0]).toBe('False');
    expect(creations.slice(1).length).toBeGreaterThan(0);
    expect(creations.slice(1).every((updating) => updating === 'True')).toBe(true);
  });

  it('parks a refused message in the DLQ with the portal answer, and a redrive sends it again', async () => {
    portal().failNext('refuse', firstSyncOf(CRIMINAL_RECORD.procedure));
    const dossier = await criminalRecordAtReception();
    const sqs = local.stack.clients.sqs;
    const QueueUrl = local.stack.resources.dlqUrls.get('national')!;
    const parked = await eventually(async () => {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 5 }),
      );
      for (const m of Messages)
        await sqs.send(
          new ChangeMessageVisibilityCommand({
            QueueUrl,
            ReceiptHandle: m.ReceiptHandle!,
            VisibilityTimeout: 0,
          }),
        );
      return Messages.map((m) => JSON.parse(m.Body!) as Record<string, unknown>).find(
        (m) => m.dossierId === dossier.id,
      );
    }, 60_000);
    expect(parked.refusal).toMatchObject({
      service: 'DongBoHoSoMC',
      error_code: '2',
      message: expect.stringContaining('MaTTHC'),
    });
    // Nothing personal in what an operator reads there.
    expect(JSON.stringify(parked)).not.toMatch(/Nguyễn|079203001234|0912345678/);
    expect(portal().dossier(dossier.code)).toBeNull();

    const { moved } = await redrive(sqs, queueNames('mot-cua', 'local', 'national'));
    expect(moved).toBeGreaterThanOrEqual(1);
    await syncedAt(dossier.code, '1');
  });

  it('sends one dossier asked for many times at once in order, its state never going back', async () => {
    const dossier = await processingBirth(local.stack);
    await syncedAt(dossier.code, '4');
    const stored = (await dossierRepositoryOf(local.stack).get(dossier.id))!;
    const before = syncsOf(dossier.code).length;
    await Promise.all(
      Array.from({ length: 6 }, () =>
        local.stack.clients.sqs.send(
          new SendMessageCommand({
            QueueUrl: local.stack.resources.queueUrls.get('national')!,
            MessageBody: JSON.stringify({
              kind: 'sync',
              dossierId: dossier.id,
              sequence: stored.historyLength,
              force: true,
            }),
          }),
        ),
      ),
    );
    await eventually(async () => syncsOf(dossier.code).length >= before + 6, 60_000);
    expect(
      syncsOf(dossier.code)
        .map((c) => (c.envelope.data[0] as DossierSync).TrangThaiHoSo)
        .slice(before),
    ).toEqual(Array(6).fill('4'));
    await expectHistoryOrder(dossier.id, dossier.code);
  });
});

describe('npm run national:reconcile', () => {
  it('re-sends a dossier whose status differs at the portal, and prints a summary', async () => {
    const dossier = await processingBirth(local.stack);
    await syncedAt(dossier.code, '4');
    portal().report(dossier.code, '2');
    const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
    const env = {
      ...process.env,
      ...local.stack.resources.env,
      AWS_ENDPOINT_URL_DYNAMODB: local.stack.endpoints.dynamodb,
      AWS_ENDPOINT_URL_SQS: local.stack.endpoints.sqs,
      AWS_REGION: 'ap-southeast-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
    };
    const before = syncsOf(dossier.code).length;
    const run = await promisify(execFile)(
      'npx',
      ['tsx', 'scripts/national-reconcile.ts', '--from', today, '--to', today],
      { env },
    );
    expect(run.stdout).toContain(`${dossier.code}: here 4, portal 2 → sent again (synced)`);
    expect(run.stdout).toMatch(
      /\d+ dossier\(s\) of \d+ unit\(s\) submitted from .* \d+ sent again, 0 unanswered\./,
    );
    expect(syncsOf(dossier.code).length).toBe(before + 1);
    expect(portal().dossier(dossier.code)?.TrangThaiHoSo).toBe('4');

    // Run again: nothing differs any more for this dossier.
    const again = await promisify(execFile)(
      'npx',
      ['tsx', 'scripts/national-reconcile.ts', '--from', today, '--to', today],
      { env },
    );
    expect(again.stdout).not.toContain(dossier.code);
  }, 120_000);
});
