// The national portal's message shapes: every fixture is a valid message of its kind, the mapping produces valid
// messages for every status, dates are Vietnam's local time, answers read as the right verdict, the client opens a
// session again when the portal says it expired, and the local fake refuses what the portal would.
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type * as z from 'zod/mini';
import { fakeNationalPortal, LOCAL_NATIONAL_PORTAL } from '../../local/national-portal.js';
import { httpNationalPortal } from '../../shared/adapters/national-portal/client.js';
import {
  dossierSyncOf,
  officerText,
  portalCode,
  portalTime,
  progressOf,
} from '../../shared/adapters/national-portal/mapping.js';
import {
  answer,
  dossierSync,
  envelope,
  loginAnswer,
  loginRequest,
  lookupAnswer,
  lookupEnvelope,
  progressEnvelope,
  progressUpdate,
  syncEnvelope,
  verdictOf,
} from '../../shared/adapters/national-portal/messages.js';
import { appendAfter, type HistoryEvent } from '../../shared/domain/dossier/history.js';
import { NATIONAL_STATUS, type SubmittedStatus } from '../../shared/domain/dossier/status-machine.js';
import type { DossierRecord } from '../../shared/dossier/model.js';
import type { StaffRecord } from '../../shared/dossier/repository.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/national-portal');
const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8'));

const SCHEMAS: Record<string, z.ZodMiniType> = {
  'cap-nhat-tien-do-ho-so-mc': progressEnvelope,
  'tra-cuu-ho-so': lookupEnvelope,
  'tra-cuu-ho-so.answer': lookupAnswer,
  'answer.accepted': answer,
  'answer.retry': answer,
  'answer.refused': answer,
  'answer.session-expired': answer,
  login: loginRequest,
  'login.answer': loginAnswer,
  ...Object.fromEntries(
    Array.from({ length: 10 }, (_, i) => [`dong-bo-ho-so-mc.status-${i + 1}`, syncEnvelope]),
  ),
};

describe('national portal fixtures', () => {
  it.each(Object.entries(SCHEMAS))('%s is a valid message of its kind', (name, schema) => {
    const parsed = schema.safeParse(fixture(name));
    expect(parsed.error?.issues ?? []).toEqual([]);
    // And a message the portal's envelope schema takes, where it is one.
    if (!name.includes('answer') && !name.startsWith('login'))
      expect(envelope.safeParse(fixture(name)).success).toBe(true);
  });

  it.each(Array.from({ length: 10 }, (_, i) => i + 1))(
    'the status %i fixture carries its status code',
    (code) => {
      const message = syncEnvelope.parse(fixture(`dong-bo-ho-so-mc.status-${code}`));
      expect(message.data[0]!.TrangThaiHoSo).toBe(String(code));
      // Only the first sync of a dossier creates it at the portal.
      expect(message.isUpdating).toBe(code === 1 ? 'False' : 'True');
    },
  );

  it('reads each answer as its verdict', () => {
    const verdict = (name: string) => verdictOf(answer.parse(fixture(name)).error_code);
    expect(verdict('answer.accepted')).toBe('accepted');
    expect(verdict('answer.retry')).toBe('retry');
    expect(verdict('answer.refused')).toBe('refused');
    expect(verdict('answer.session-expired')).toBe('session-expired');
    // The login answers its code as a number.
    expect(verdictOf(loginAnswer.parse(fixture('login.answer')).error_code)).toBe('accepted');
  });
});

describe('portal dates', () => {
  it('writes yyyyMMddHHmmss in Vietnam time, past midnight there while it is still the day before in UTC', () => {
    expect(portalTime('2026-12-01T17:30:05.000Z')).toBe('20261202003005');
    expect(portalTime(null)).toBe('');
  });

  it('is always the UTC time seven hours later', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('2000-01-01'), max: Date.parse('2099-12-31') }), (at) => {
        const local = new Date(at + 7 * 3_600_000);
        const expected = [
          local.getUTCFullYear(),
          local.getUTCMonth() + 1,
          local.getUTCDate(),
          local.getUTCHours(),
          local.getUTCMinutes(),
          local.getUTCSeconds(),
        ]
          .map((n, i) => String(n).padStart(i === 0 ? 4 : 2, '0'))
          .join('');
        expect(portalTime(at)).toBe(expected);
      }),
    );
  });
});

const AT = Date.parse('2026-12-01T02:00:00Z');
const officer = { id: 'officer-1', role: 'officer' as const, agency: '000.01.00.H56', name: 'Lê Văn Tâm' };

/** A dossier of the birth procedure in a status, with a history that led there. */
function recordIn(status: SubmittedStatus, overrides: Partial<DossierRecord> = {}): StaffRecord {
  const history: HistoryEvent[] = [];
  const add = (action: HistoryEvent['action'], to: SubmittedStatus, note?: string) =>
    history.push(
      appendAfter(history.at(-1) ?? null, 'd-1', {
        action,
        actor: action === 'submit' ? { id: 'c-1', role: 'citizen' } : officer,
        at: AT + history.length * 60_000,
        from: history.at(-1)?.to ?? 'draft',
        to,
        ...(note ? { note } : {}),
      }),
    );
  add('submit', 'submitted');
  if (status !== 'submitted' && status !== 'refused') add('accept', 'accepted');
  if (status === 'refused') add('refuse', 'refused', 'Giấy tờ hết hạn');
  if (!['submitted', 'refused', 'accepted'].includes(status)) {
    add('start-processing', 'processing');
    add('forward', 'processing', 'step=ky agency=000.01.00.H56 stepDue=2026-12-03T10:00:00.000Z Trình ký');
    if (status !== 'processing')
      add(status === 'released' ? 'resolve' : 'stop', status === 'released' ? 'resolved' : status);
    if (status === 'released') add('release', 'released');
  }
  const dossier = {
    id: 'd-1',
    code: '000.01.00.H56-261201-0001',
    procedureCode: '1.001193',
    procedureName: 'Đăng ký khai sinh',
    receivingUnit: '000.01.00.H56',
    applicantId: 'c-1',
    applicant: {
      fullName: 'Nguyễn Thị Bình',
      citizenId: '079203001234',
      phone: '0912345678',
      address: '12 Lê Lợi',
    },
    form: {},
    channels: ['sms'],
    state: {
      status,
      steps: [],
      resumeTo: null,
      supplementRequests: {},
      dueAt: AT + 3 * 86_400_000,
      rated: false,
    },
    status,
    createdAt: new Date(AT - 60_000).toISOString(),
    updatedAt: new Date(AT).toISOString(),
    submittedAt: new Date(AT).toISOString(),
    acceptedAt: status === 'submitted' || status === 'refused' ? null : new Date(AT + 60_000).toISOString(),
    version: history.length,
    historyLength: history.length,
    lastHash: history.at(-1)!.hash,
    pendingStage: null,
    handedIn: [],
    fee: { items: [{ name: 'Lệ phí', amountVnd: 8000 }], requestedAt: new Date(AT).toISOString() },
    ...overrides,
  } as DossierRecord;
  return { dossier, attachments: [], results: [], history };
}

const NAMES = { field: 'Hộ tịch', agencies: new Map([['000.01.00.H56', 'Ủy ban nhân dân phường Long An']]) };

describe('mapping a dossier to the portal', () => {
  it.each(Object.keys(NATIONAL_STATUS) as SubmittedStatus[])(
    'maps a %s dossier to a valid DongBoHoSoMC',
    (status) => {
      const record = recordIn(status);
      const sync = dossierSyncOf(record, NAMES)!;
      expect(dossierSync.safeParse(sync).error?.issues ?? []).toEqual([]);
      expect(sync.TrangThaiHoSo).toBe(String(NATIONAL_STATUS[status].code));
      expect(sync.NgayTuChoi === '').toBe(status !== 'refused');
      expect(sync.DanhSachLePhi).toEqual([
        { TenPhiLePhi: 'Lệ phí', MaPhiLePhi: '', HinhThucThu: '1', Gia: '8000', LoaiPhiLePhi: '1' },
      ]);
    },
  );

  it('links each document handed in and each result handed over by the link it is given, and by none without one', () => {
    const attachment = {
      dossierId: 'd-1',
      id: 'a-1',
      documentType: 'to-khai-khai-sinh',
      fileName: 'to-khai.pdf',
      contentType: 'application/pdf',
      declaredSize: 10,
      uploadKey: 'u',
      objectKey: 'dossiers/x.pdf',
      status: 'verified' as const,
      size: 10,
      sha256: 'f'.repeat(64),
      createdAt: new Date(AT).toISOString(),
      verifiedAt: new Date(AT).toISOString(),
    };
    const record = {
      ...recordIn('resolved', { handedIn: ['a-1'], results: ['r-1'] } as Partial<DossierRecord>),
      attachments: [attachment],
      results: [{ ...attachment, id: 'r-1', fileName: 'ket-qua.pdf' }],
    };
    const link = (ref: { dossierId: string; kind: string; documentId: string }) =>
      `https://api.example.gov.vn/partner-files/${ref.dossierId}.${ref.kind}.${ref.documentId}`;
    const sync = dossierSyncOf(record, NAMES, link)!;
    expect(sync.TaiLieuNop.map((d) => d.DuongDanTaiTepTin)).toEqual([
      'https://api.example.gov.vn/partner-files/d-1.attachment.a-1',
    ]);
    expect(sync.DanhSachGiayToKetQua.map((d) => d.DuongDanTepTinKetQua)).toEqual([
      'https://api.example.gov.vn/partner-files/d-1.result.r-1',
    ]);
    const unlinked = dossierSyncOf(record, NAMES)!;
    expect(unlinked.TaiLieuNop[0]!.DuongDanTaiTepTin).toBe('');
    expect(unlinked.DanhSachGiayToKetQua[0]!.DuongDanTepTinKetQua).toBe('');
  });

  it('never maps a draft', () => {
    expect(
      dossierSyncOf(recordIn('submitted', { status: 'draft', code: null, submittedAt: null }), NAMES),
    ).toBeNull();
  });

  it('names a dossier filed on the national portal by the portal code', () => {
    const record = recordIn('processing', { nationalCode: 'G22.99-261201-0042' } as Partial<DossierRecord>);
    expect(portalCode(record.dossier as DossierRecord & { nationalCode: string })).toBe('G22.99-261201-0042');
    expect(dossierSyncOf(record, NAMES)!.MaHoSo).toBe('G22.99-261201-0042');
    expect(portalCode(recordIn('processing').dossier)).toBe('000.01.00.H56-261201-0001');
  });

  it('reports a step with what the officer wrote, not the facts the product notes', () => {
    const record = recordIn('processing');
    const forward = record.history.find((e) => e.action === 'forward')!;
    const update = progressOf(record, forward, NAMES);
    expect(progressUpdate.safeParse(update).success).toBe(true);
    expect(update).toMatchObject({
      NguoiXuLy: 'Lê Văn Tâm',
      PhongBanXuLy: 'Ủy ban nhân dân phường Long An',
      NoiDungXuLy: 'Trình ký',
      TrangThai: '4',
    });
    expect(officerText('policy=restart Bản chụp bị mờ; Thiếu trang 2')).toBe('Bản chụp bị mờ; Thiếu trang 2');
    expect(officerText('method=online')).toBe('');
  });

  it("sends the officer's title as ChucDanh, their duty's generic title without one, and none for the system", () => {
    const record = recordIn('processing');
    const forward = record.history.find((e) => e.action === 'forward')!;
    const start = record.history.find((e) => e.action === 'start-processing')!;
    const titled = { ...forward, actor: { ...forward.actor, title: 'Phó Trưởng phòng Tư pháp' } };
    expect(progressOf(record, titled, NAMES).ChucDanh).toBe('Phó Trưởng phòng Tư pháp');
    // A forward is a specialist's step (duty `process`).
    expect(progressOf(record, forward, NAMES).ChucDanh).toBe('Chuyên viên');
    const system = { ...start, actor: { id: 'pipeline', role: 'system' as const } };
    expect(progressOf(record, system, NAMES)).toMatchObject({ NguoiXuLy: 'Hệ thống một cửa', ChucDanh: '' });
    const reassigned = {
      ...forward,
      action: 'reassigned' as const,
      actor: { id: 'job', role: 'system' as const },
    };
    expect(progressOf(record, reassigned, NAMES).ChucDanh).toBe('');
  });
});

/** The local fake as a fetch, to drive the client without a server. */
function fetchFrom(fake: ReturnType<typeof fakeNationalPortal>, seen: string[] = []): typeof fetch {
  return (async (url: string | URL, init?: RequestInit) => {
    const target = new URL(String(url));
    seen.push(target.pathname.split('/').pop()!);
    const request = {
      url: target.pathname,
      socket: { destroy: () => undefined },
    } as unknown as IncomingMessage;
    const answered = await fake.handle(request, Buffer.from(String(init?.body ?? '')));
    return new Response(answered.body, { status: answered.status, headers: answered.headers });
  }) as typeof fetch;
}

describe('the portal client and the local fake', () => {
  const settings = {
    url: 'http://portal.test/dev/national-portal',
    ...LOCAL_NATIONAL_PORTAL,
    timeoutMs: 1000,
  };
  const sync = () => syncEnvelope.parse(fixture('dong-bo-ho-so-mc.status-4')).data;

  it('logs in once, and again when the portal says the session expired', async () => {
    const fake = fakeNationalPortal();
    const seen: string[] = [];
    const client = httpNationalPortal(settings, fetchFrom(fake, seen));
    expect((await client.sync(sync(), false)).verdict).toBe('accepted');
    expect((await client.sync(sync(), true)).verdict).toBe('accepted');
    fake.expireSessions();
    expect((await client.sync(sync(), true)).verdict).toBe('accepted');
    expect(seen).toEqual(['auth', 'api', 'api', 'api', 'auth', 'api']);
    const code = sync()[0]!.MaHoSo;
    expect(await client.lookup(code)).toEqual({ verdict: 'found', status: '4' });
    expect(await client.lookup('000.01.00.H56-261201-9999')).toEqual({ verdict: 'unknown' });
  });

  it('tells a dropped connection, a "try again" code and a refusal apart', async () => {
    const fake = fakeNationalPortal();
    const client = httpNationalPortal(settings, fetchFrom(fake));
    fake.failNext('transport');
    fake.failNext('retry');
    fake.failNext('refuse');
    expect(
      await client.progress(progressEnvelope.parse(fixture('cap-nhat-tien-do-ho-so-mc')).data),
    ).toMatchObject({
      verdict: 'transport',
    });
    expect((await client.sync(sync(), true)).verdict).toBe('retry');
    expect(await client.sync(sync(), true)).toMatchObject({
      verdict: 'refused',
      answer: { error_code: '2' },
    });
    expect(fake.dossier(sync()[0]!.MaHoSo)).toBeNull();
  });

  it('refuses, naming the field, a dossier without its owner, and a wrong unit code', async () => {
    const fake = fakeNationalPortal();
    const withoutOwner = sync().map(({ ChuHoSo: _owner, ...rest }) => rest);
    const client = httpNationalPortal(settings, fetchFrom(fake));
    const refused = await client.sync(withoutOwner as never, false);
    expect(refused).toMatchObject({
      verdict: 'refused',
      answer: { message: expect.stringContaining('data.0.ChuHoSo') },
    });
    const elsewhere = httpNationalPortal({ ...settings, unitCode: '000.00.00.H99' }, fetchFrom(fake));
    expect(await elsewhere.sync(sync(), false)).toMatchObject({
      verdict: 'refused',
      answer: { error_code: '3' },
    });
    const wrongPassword = httpNationalPortal({ ...settings, password: 'x' }, fetchFrom(fake));
    expect((await wrongPassword.sync(sync(), false)).verdict).toBe('transport');
  });
});
