// `npm run demo`: carries dossiers through their whole life cycle against a running local stack (`npm start`, or
// API_URL), with real PDF files, and prints each step, status, due date and what the applicant was told, in
// Vietnamese with English beside it. A criminal-record certificate (2.000488: a receiving officer's acceptance, a fee,
// four steps at three agencies: liên thông) goes from creation to the applicant's rating and control sheet; a birth
// registration (1.001193) shows acceptance without an officer.
import { createHash, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import PDFDocument from 'pdfkit';
import type { NotificationEvent } from '../shared/dossier/model.js';
import { render } from '../shared/notify/templates.js';

export interface DemoOptions {
  apiUrl: string;
  /** Where each printed line goes. */
  print?: (line: string) => void;
  /** How long to wait for each asynchronous stage (intake, notification). */
  stageTimeoutMs?: number;
}

export interface DemoOutcome {
  code: string;
  status: string;
  chainVerified: boolean;
}

/** A failure the demo explains in plain words (no stack trace needed). */
export class DemoError extends Error {}

const CRIMINAL_RECORD = {
  procedure: '2.000488',
  receivingUnit: '000.00.01.H56',
  justice: '000.00.02.H56',
  police: '000.00.05.H56',
  documents: ['to-khai-ly-lich-tu-phap', 'giay-to-tuy-than'],
};
const BIRTH = {
  procedure: '1.001193',
  agency: '000.01.00.H56',
  documents: ['to-khai-khai-sinh', 'giay-chung-sinh'],
};

const APPLICANT = {
  fullName: 'Nguyễn Thị Bình',
  citizenId: '079203001234',
  phone: '0912345678',
  email: 'binh@example.vn',
  address: '12 Lê Lợi, phường Long An, tỉnh Tây Ninh',
};

const STATUS_WORDS: Record<string, string> = { draft: 'Nháp' };

interface Answer<T> {
  status: number;
  headers: Headers;
  body: T;
}

interface Dossier {
  id: string;
  code: string | null;
  status: string;
  nationalStatus: { code: number; label: string } | null;
  dueAt: string | null;
}

interface StaffView extends Dossier {
  step: { id: string; name: string; agency: string; dueAt: string } | null;
  allowedActions: string[];
}

interface OutboxMessage {
  id: string;
  channel: string;
  event: NotificationEvent;
  rendered: { subject: string; text: string };
  params: Record<string, string>;
}

interface Upload {
  url: string;
  fields: Record<string, string>;
}

export async function runDemo(options: DemoOptions): Promise<DemoOutcome> {
  const base = options.apiUrl.replace(/\/+$/, '');
  const print = options.print ?? ((line: string) => console.log(line));
  const stageTimeoutMs = options.stageTimeoutMs ?? 30_000;
  const told = new Set<string>();

  async function api<T = Record<string, unknown>>(
    method: string,
    path: string,
    init: { token?: string; json?: unknown; headers?: Record<string, string>; expect?: number } = {},
  ): Promise<Answer<T>> {
    const headers = new Headers(init.headers);
    if (init.token) headers.set('authorization', `Bearer ${init.token}`);
    if (init.json !== undefined) headers.set('content-type', 'application/json');
    let response: Response;
    let text: string;
    // A 503 with Retry-After (a result's signature still being checked, a unit's codes contended) is asked again.
    for (let attempt = 1; ; attempt += 1) {
      try {
        response = await fetch(`${base}${path}`, {
          method,
          headers,
          body: init.json === undefined ? undefined : JSON.stringify(init.json),
        });
      } catch (error) {
        throw new DemoError(
          `Không kết nối được tới API ở ${base} / Cannot reach the API at ${base} ` +
            `(${(error as Error & { cause?: Error }).cause?.message ?? (error as Error).message}). ` +
            'Hãy chạy `npm start` trong một cửa sổ khác, hoặc đặt API_URL / Start it with `npm start` in another terminal, or set API_URL.',
        );
      }
      text = await response.text();
      const retryAfter = Number(response.headers.get('retry-after'));
      if (response.status !== 503 || !(retryAfter > 0) || retryAfter > 10 || attempt >= 10) break;
      await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000));
    }
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    const expected = init.expect ?? (method === 'POST' ? undefined : 200);
    if (expected ? response.status !== expected : response.status >= 300) {
      throw new DemoError(`${method} ${path} → ${response.status}: ${text.slice(0, 500)}`);
    }
    return { status: response.status, headers: response.headers, body: body as T };
  }

  async function waitFor<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
    const deadline = Date.now() + stageTimeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) {
        throw new DemoError(
          `Quá ${stageTimeoutMs / 1000} giây mà chưa thấy: ${what} / Gave up after ${stageTimeoutMs / 1000} s waiting for: ${what}. ` +
            'Các hàng đợi của `npm start` có đang chạy không (không có --pause-consumers)? / Are the local queues running?',
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  async function token(json: Record<string, unknown>) {
    return (await api<{ token: string }>('POST', '/dev/tokens', { json, expect: 201 })).body.token;
  }
  const officer = (agency: string, duties: string[], name: string) =>
    token({ role: 'officer', subject: `officer-${randomUUID()}`, agency, duties, name });

  /** Prints what the applicant was told about this dossier since the last call, once `event` (if any) is there. */
  async function applicantTold(code: string, event?: string) {
    const messages = await waitFor(`thông báo "${event}" / the "${event}" notification`, async () => {
      const all = (await api<{ items: OutboxMessage[] }>('GET', '/dev/outbox')).body.items.filter(
        (m) => m.params.code === code,
      );
      return !event || all.some((m) => m.event === event) ? all : undefined;
    });
    for (const message of messages.filter((m) => !told.has(m.id))) {
      told.add(message.id);
      print(`    ✉ Báo cho người nộp / Applicant told (${message.channel}, ${message.event}):`);
      print(`      ${message.rendered.text}`);
      print(`      ${render(message.event, message.params, 'en').text}`);
    }
  }

  const statusLine = (d: Pick<Dossier, 'status' | 'nationalStatus'>) =>
    `trạng thái / status: ${d.nationalStatus?.label ?? STATUS_WORDS[d.status] ?? d.status} / ${d.status}` +
    (d.nationalStatus ? ` (${d.nationalStatus.code})` : '');
  const dueLine = (d: { dueAt: string | null; step?: StaffView['step'] }) =>
    [
      d.dueAt ? `hạn trả kết quả / due: ${local(d.dueAt)}` : null,
      d.step
        ? `bước / step: ${d.step.name} @ ${d.step.agency}, hạn bước / step due: ${local(d.step.dueAt)}`
        : null,
    ]
      .filter(Boolean)
      .map((line) => `    ${line}`);
  function report(headline: string, dossier: Dossier & { step?: StaffView['step'] }) {
    print(`${headline}: ${dossier.code ?? dossier.id}, ${statusLine(dossier)}`);
    for (const line of dueLine(dossier)) print(line);
  }

  /** A presigned POST: the form's fields first, then the file, as a browser sends it. */
  async function postForm(upload: Upload, bytes: Buffer) {
    const form = new FormData();
    for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
    form.append('file', new Blob([new Uint8Array(bytes)], { type: 'application/pdf' }), 'upload.pdf');
    const uploaded = await fetch(upload.url, { method: 'POST', body: form });
    if (uploaded.status >= 300) {
      throw new DemoError(
        `Tải tệp lên bị từ chối / Upload refused: ${uploaded.status} ${await uploaded.text()}`,
      );
    }
  }

  async function createDossier(citizen: string, procedureCode: string, form: Record<string, unknown>) {
    const created = await api<Dossier>('POST', '/dossiers', {
      token: citizen,
      headers: { 'idempotency-key': randomUUID() },
      json: { procedureCode, applicant: APPLICANT, form, channels: ['zalo', 'sms', 'email'], language: 'vi' },
      expect: 201,
    });
    report('Đã tạo hồ sơ nháp / Draft created', created.body);
    return created.body;
  }

  async function attach(citizen: string, dossierId: string, documentType: string, bytes: Buffer) {
    const fileName = `${documentType}.pdf`;
    const requested = await api<{ attachmentId: string; upload: Upload }>(
      'POST',
      `/dossiers/${dossierId}/attachments`,
      {
        token: citizen,
        json: { documentType, fileName, size: bytes.length, contentType: 'application/pdf' },
        expect: 201,
      },
    );
    await postForm(requested.body.upload, bytes);
    const completed = await api<{ size: number; sha256: string; status: string }>(
      'POST',
      `/dossiers/${dossierId}/attachments/${requested.body.attachmentId}/complete`,
      { token: citizen, expect: 200 },
    );
    print(
      `  Đã tải lên và kiểm tra / Uploaded and verified: ${fileName}, ${completed.body.size} byte, ` +
        `SHA-256 ${completed.body.sha256.slice(0, 16)}…`,
    );
  }

  async function submit(citizen: string, dossierId: string) {
    const submitted = await api<Dossier>('POST', `/dossiers/${dossierId}/submit`, {
      token: citizen,
      expect: 200,
    });
    report('Đã nộp hồ sơ / Submitted', submitted.body);
    return submitted.body.code!;
  }

  const staffView = async (officerToken: string, id: string) => {
    const answer = await api<StaffView>('GET', `/agency/dossiers/${id}`, { token: officerToken });
    return { ...answer.body, etag: answer.headers.get('etag')! };
  };

  /** A staff action on the version the officer sees now (`If-Match` with the staff view's ETag). */
  async function act(officerToken: string, id: string, action: string, json: unknown, headline: string) {
    const { etag } = await staffView(officerToken, id);
    const answer = await api<StaffView>('POST', `/agency/dossiers/${id}/${action}`, {
      token: officerToken,
      json,
      headers: { 'if-match': etag },
      expect: 200,
    });
    report(headline, answer.body);
    return answer.body;
  }

  // 0. Is the stack there?
  await api('GET', '/health');
  print(`API: ${base}`);

  // 1. A birth registration: accepted by intake with no officer, routed to its one step.
  print(
    '\n== Đăng ký khai sinh (1.001193): tiếp nhận tự động / Birth registration: accepted automatically ==',
  );
  {
    const citizen = await token({ role: 'citizen', subject: `citizen-${randomUUID()}` });
    const draft = await createDossier(citizen, BIRTH.procedure, {
      childName: 'Nguyễn Minh An',
      birthDate: '2026-11-20',
    });
    for (const type of BIRTH.documents)
      await attach(citizen, draft.id, type, await documentPdf(type, draft.id));
    const code = await submit(citizen, draft.id);
    const accepted = await waitFor(
      'hồ sơ khai sinh được tiếp nhận và chuyển xử lý / the birth registration routed',
      async () => {
        const dossier = (await api<Dossier>('GET', `/dossiers/${draft.id}`, { token: citizen })).body;
        return dossier.status === 'processing' ? dossier : undefined;
      },
    );
    report('Hệ thống tự tiếp nhận, đã chuyển xử lý / Accepted by the system and routed', accepted);
    await applicantTold(code, 'received');
  }

  // 2. A criminal-record certificate: reception by an officer, a fee, four steps at three agencies, result online.
  print(
    '\n== Cấp Phiếu lý lịch tư pháp (2.000488): liên thông 3 cơ quan / Criminal-record certificate: 3 agencies ==',
  );
  const procedure = (
    await api<{
      name: string;
      processingDays: number;
      routingSteps: {
        id: string;
        name: string;
        agency: { code: string; name: string };
        workingDays: number;
      }[];
    }>('GET', `/procedures/${CRIMINAL_RECORD.procedure}`)
  ).body;
  print(`Thủ tục / Procedure: ${procedure.name}, ${procedure.processingDays} ngày làm việc / working days`);
  for (const step of procedure.routingSteps) {
    print(
      `  - ${step.id}: ${step.name} @ ${step.agency.name} (${step.agency.code}), ${step.workingDays} ngày / days`,
    );
  }
  const citizen = await token({ role: 'citizen', subject: `citizen-${randomUUID()}` });
  const counter = await officer(CRIMINAL_RECORD.receivingUnit, ['receive', 'process'], 'Phạm Thu Hà');
  const specialist = await officer(CRIMINAL_RECORD.justice, ['process'], 'Lê Văn Tâm');
  const leader = await officer(CRIMINAL_RECORD.justice, ['approve'], 'Trần Thị Lan');
  const police = await officer(CRIMINAL_RECORD.police, ['process'], 'Đỗ Quang Huy');
  print(
    'Đã cấp token / Tokens minted: người nộp / citizen; một cửa / counter (receive, process) @ 000.00.01.H56; ' +
      'chuyên viên / specialist (process) và lãnh đạo / leader (approve) @ 000.00.02.H56; công an / police (process) @ 000.00.05.H56',
  );

  const draft = await createDossier(citizen, CRIMINAL_RECORD.procedure, {
    purpose: 'Xin việc làm',
    certificateType: '1',
  });
  const id = draft.id;
  for (const type of CRIMINAL_RECORD.documents) await attach(citizen, id, type, await documentPdf(type, id));
  const code = await submit(citizen, id);

  await waitFor('hồ sơ vào hàng chờ tiếp nhận / the dossier in the reception queue', async () => {
    const waiting = (
      await api<{ items: { id: string }[] }>('GET', '/reception?pageSize=100', { token: counter })
    ).body.items;
    return waiting.some((item) => item.id === id) ? true : undefined;
  });
  print(`Chờ cán bộ một cửa tiếp nhận / Waiting for a receiving officer: ${code}`);
  await applicantTold(code, 'submitted');

  const accepted = await api<Dossier>('POST', `/reception/${id}/accept`, { token: counter, expect: 200 });
  // Accepted and at its first step in the same commit.
  report(
    'Cán bộ một cửa đã tiếp nhận, chuyển bước xử lý đầu / Accepted by the counter, at its first step',
    accepted.body,
  );
  await applicantTold(code, 'received');
  // The receipt is issued off the request path, a moment after the acceptance: 503 until then, then a redirect
  // to the stored PDF, which fetch follows.
  const receiptBytes = await waitFor('phiếu tiếp nhận / the receipt', async () => {
    const receipt = await fetch(`${base}/dossiers/${id}/receipt.pdf`, {
      headers: { authorization: `Bearer ${citizen}` },
    });
    const bytes = Buffer.from(await receipt.arrayBuffer());
    if (receipt.status === 503) return undefined;
    if (receipt.status !== 200 || !bytes.subarray(0, 5).equals(Buffer.from('%PDF-'))) {
      throw new DemoError(`GET /dossiers/${id}/receipt.pdf → ${receipt.status}`);
    }
    return bytes;
  });
  print(`  Phiếu tiếp nhận và hẹn trả kết quả / Receipt: PDF ${receiptBytes.length} byte`);

  await act(
    counter,
    id,
    'forward',
    { toStep: 'tra-cuu', note: 'Chuyển Sở Tư pháp tra cứu' },
    'Chuyển Sở Tư pháp / Forwarded to the Department of Justice',
  );
  const inbox = (
    await api<{ items: { id: string; workingDaysLeft: number }[] }>('GET', '/agency/dossiers', {
      token: specialist,
    })
  ).body.items.find((item) => item.id === id);
  if (!inbox)
    throw new DemoError(`${code} không có trong hộp thư Sở Tư pháp / not in the department's inbox`);
  print(
    `  Hộp thư Sở Tư pháp / Department inbox: ${code}, còn / left: ${inbox.workingDaysLeft} ngày làm việc / working days`,
  );

  await act(
    specialist,
    id,
    'request-fee',
    { items: [{ name: 'Lệ phí cấp Phiếu lý lịch tư pháp', amountVnd: 200_000 }] },
    'Yêu cầu nộp lệ phí / Fee requested',
  );
  await applicantTold(code, 'fee-requested');
  await act(
    specialist,
    id,
    'confirm-payment',
    { reference: `CK-${code.slice(-11)}`, method: 'transfer' },
    'Đã xác nhận thanh toán / Payment confirmed',
  );

  await act(
    specialist,
    id,
    'forward',
    { toStep: 'xac-minh-cong-an', note: 'Đề nghị xác minh án tích' },
    'Chuyển Công an tỉnh (liên thông) / Forwarded to the provincial police',
  );
  await act(
    police,
    id,
    'forward',
    { toStep: 'ky-cap', note: 'Không có án tích' },
    'Trả Sở Tư pháp ký cấp / Forwarded back for signing',
  );

  const resultBytes = await resultPdf(code);
  const requested = await api<{ resultId: string; upload: Upload }>(
    'POST',
    `/agency/dossiers/${id}/results`,
    {
      token: specialist,
      json: {
        fileName: 'phieu-ly-lich-tu-phap.pdf',
        size: resultBytes.length,
        contentType: 'application/pdf',
      },
      expect: 201,
    },
  );
  await postForm(requested.body.upload, resultBytes);
  const result = await api<{ id: string; sha256: string; status: string }>(
    'POST',
    `/agency/dossiers/${id}/results/${requested.body.resultId}/complete`,
    { token: specialist, expect: 200 },
  );
  print(
    `  Kết quả đã tải lên và kiểm tra / Result uploaded and verified: phieu-ly-lich-tu-phap.pdf, ${resultBytes.length} byte`,
  );

  await act(
    leader,
    id,
    'resolve',
    { resultIds: [result.body.id] },
    'Lãnh đạo đã ký duyệt / Resolved by the leader',
  );
  await applicantTold(code, 'result-ready');
  const released = await act(
    counter,
    id,
    'release',
    { method: 'online' },
    'Đã trả kết quả trực tuyến / Released online',
  );
  await applicantTold(code, 'released');

  const results = await api<{
    items: { id: string; fileName: string; sha256: string; downloadUrl: string }[];
  }>('GET', `/dossiers/${id}/results`, { token: citizen });
  for (const item of results.body.items) {
    const downloaded = Buffer.from(await (await fetch(item.downloadUrl)).arrayBuffer());
    const matches = sha256(downloaded) === item.sha256 && item.sha256 === result.body.sha256;
    if (!matches)
      throw new DemoError(`Kết quả tải về không khớp / Downloaded result does not match: ${item.fileName}`);
    print(
      `Người nộp đã tải kết quả / Applicant downloaded: ${item.fileName}, ${downloaded.length} byte, SHA-256 khớp / matches`,
    );
  }

  await api('POST', `/dossiers/${id}/rating`, {
    token: citizen,
    json: { score: 5, comment: 'Nhanh, đúng hẹn' },
    expect: 201,
  });
  print('Người nộp đã đánh giá / Applicant rated: 5/5 "Nhanh, đúng hẹn"');

  const sheet = (
    await api<{
      chainVerified: boolean;
      events: { seq: number; action: string; to: string; agency: string | null; stepDueAt: string | null }[];
    }>('GET', `/dossiers/${id}/history`, { token: citizen })
  ).body;
  print(
    `Phiếu kiểm soát quá trình giải quyết / Control sheet: ${sheet.events.length} sự kiện / events, chuỗi băm / hash chain ${sheet.chainVerified ? 'hợp lệ / verified' : 'KHÔNG hợp lệ / NOT verified'}`,
  );
  for (const event of sheet.events) {
    const where = event.agency ? ` @ ${event.agency}` : '';
    const stepDue = event.stepDueAt ? `, hạn bước / step due ${local(event.stepDueAt)}` : '';
    print(`  ${String(event.seq).padStart(2)}. ${event.action} → ${event.to}${where}${stepDue}`);
  }
  if (!sheet.chainVerified)
    throw new DemoError('Chuỗi lịch sử không hợp lệ / The history chain does not verify');

  // Anyone holding the code looks it up without a token, with the last 4 digits of the applicant's phone.
  const lookup = (
    await api<{ applicantName: string; status: string; timeline: unknown[] }>(
      'GET',
      `/lookup/${code}?verifier=${APPLICANT.phone.slice(-4)}`,
    )
  ).body;
  print(
    `Tra cứu công khai / Public lookup: ${lookup.applicantName}, ${lookup.status}, ${lookup.timeline.length} mốc / timeline entries`,
  );
  print(`\nKết thúc / Done: ${code}, ${statusLine(released)}`);
  return { code, status: released.status, chainVerified: sheet.chainVerified };
}

/** A due date as the applicant reads it: local time in Việt Nam. */
function local(iso: string) {
  return new Intl.DateTimeFormat('vi-VN', {
    timeZone: 'Asia/Ho_Chi_Minh',
    hour: '2-digit',
    minute: '2-digit',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(new Date(iso));
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

const FONT = readFileSync(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'));

/** A small valid PDF set in DejaVu Sans, so the Vietnamese diacritics render. */
function pdf(title: string, lines: string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A5', margin: 40, info: { Title: title } });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.registerFont('body', FONT).font('body');
    doc.fontSize(14).text(title, { align: 'center' }).moveDown();
    doc.fontSize(10);
    for (const line of lines) doc.text(line);
    doc.end();
  });
}

const documentPdf = (documentType: string, dossierId: string) =>
  pdf(`Giấy tờ: ${documentType}`, [
    `Người nộp: ${APPLICANT.fullName}`,
    `Số CCCD: ${APPLICANT.citizenId}`,
    `Địa chỉ: ${APPLICANT.address}`,
    `Hồ sơ: ${dossierId}`,
  ]);

const resultPdf = (code: string) =>
  pdf('PHIẾU LÝ LỊCH TƯ PHÁP SỐ 1', [
    `Số hồ sơ: ${code}`,
    `Họ và tên: ${APPLICANT.fullName}`,
    'Án tích: Không có án tích',
    'Sở Tư pháp tỉnh Tây Ninh',
  ]);

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const apiUrl = process.env.API_URL ?? 'http://localhost:3000';
  try {
    await runDemo({ apiUrl });
  } catch (error) {
    if (!(error instanceof DemoError)) throw error;
    console.error(`\nDừng lại / Stopped: ${error.message}`);
    process.exit(1);
  }
}
