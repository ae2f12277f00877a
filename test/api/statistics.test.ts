// On-time statistics over HTTP after scripted life cycles: counters moved in each transition's transaction, open
// dossiers counted by due date, resolutions judged by the original due date, and the CSV and XLSX exports.
import ExcelJS from 'exceljs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryAll } from '../../shared/aws/query-all.js';
import type { AccessEntry } from '../../shared/dossier/repository.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { localDay } from '../../shared/domain/dossier/on-time.js';
import { call, problemOf, useLocalStack } from '../support/local-stack.js';
import {
  application,
  attach,
  createDossier,
  eventually,
  outboxOf,
  PNG,
  quickApp,
  tokenFor,
  type DossierBody,
} from '../support/dossiers.js';
import {
  actNow,
  BIRTH,
  officerToken,
  processingBirth,
  resolvedBirth,
  rewriteDossier,
  verifiedResult,
} from '../support/workspace.js';

const local = useLocalStack({ app: quickApp });
/** Certified copies: no auto-accept, received by the same commune unit as births. */
const COPY = '2.000815';
const UNIT = BIRTH.agency;
const PARALLEL_WITHDRAWALS = 4;

interface Figures {
  received: number;
  receivedOnline: number;
  refused: number;
  withdrawn: number;
  resolvedEarly: number;
  resolvedOnTime: number;
  resolvedLate: number;
  released: number;
  openInTime: number;
  openOverdue: number;
  ratingCount: number;
  ratingAverage: number | null;
  onTimeRate: number | null;
}
type Report = {
  from: string;
  to: string;
  groupBy: string;
  total: Figures;
  groups: (Figures & { key: string; name: string })[];
};

const today = () => localDay(Date.now());
const accessLogOf = async (agency: string) => {
  const items = await queryAll(DynamoDBDocumentClient.from(local.stack.clients.dynamodb), {
    TableName: local.stack.resources.env.TABLE_DOSSIERS!,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': `ACCESS#${agency}` },
  });
  return items.map((item) => item.access as AccessEntry);
};
const stats = (query: string) => call<Report>(local.stack, `/stats/on-time?${query}`);

async function refusedCopy() {
  const citizen = await tokenFor(local.stack);
  const created = await createDossier(local.stack, citizen, application({ procedureCode: COPY }));
  await attach(local.stack, citizen, created.body.id, 'ban-chinh', PNG, {
    contentType: 'image/png',
    fileName: 'so-do.png',
  });
  const submitted = await call<DossierBody>(local.stack, `/dossiers/${created.body.id}/submit`, {
    method: 'POST',
    token: citizen,
  });
  await eventually(async () =>
    outboxOf(local.stack, submitted.body.code!).some((m) => m.event === 'submitted'),
  );
  const officer = await officerToken(local.stack, UNIT, ['receive']);
  const refused = await call(local.stack, `/reception/${created.body.id}/refuse`, {
    method: 'POST',
    token: officer,
    json: { reason: 'Thiếu bản chính' },
  });
  expect(refused.status).toBe(200);
}

beforeAll(async () => {
  const leader = await officerToken(local.stack, UNIT);
  // Resolved early (the same day it was accepted), released at the counter and rated 4.
  const early = await resolvedBirth(local.stack);
  expect((await actNow(local.stack, leader, early.id, 'release', { method: 'counter' })).status).toBe(200);
  const rated = await call(local.stack, `/dossiers/${early.id}/rating`, {
    method: 'POST',
    token: early.citizen,
    json: { score: 4 },
  });
  expect(rated.status).toBe(201);

  // Apologised for with a later date, but resolved after the original one: late.
  const extended = await processingBirth(local.stack);
  const yesterday = Date.now() - 86_400_000;
  await rewriteDossier(local.stack, extended.id, (stored) => ({
    ...stored,
    statutoryDueAt: yesterday,
    state: { ...stored.state, dueAt: Date.now() + 10 * 86_400_000 },
  }));
  const resultId = await verifiedResult(local.stack, leader, extended.id);
  expect((await actNow(local.stack, leader, extended.id, 'resolve', { resultIds: [resultId] })).status).toBe(
    200,
  );

  // Still open: one past its original due date, one in time.
  const overdue = await processingBirth(local.stack);
  await rewriteDossier(local.stack, overdue.id, (stored) => ({ ...stored, statutoryDueAt: yesterday }));
  await processingBirth(local.stack);

  // Withdrawn at once by their applicants: the shared counters lose none of the parallel transitions.
  const withdrawing = await Promise.all(
    Array.from({ length: PARALLEL_WITHDRAWALS }, () => processingBirth(local.stack)),
  );
  const withdrawn = await Promise.all(
    withdrawing.map((dossier) =>
      call(local.stack, `/dossiers/${dossier.id}/withdraw`, {
        method: 'POST',
        token: dossier.citizen,
        json: {},
      }),
    ),
  );
  expect(withdrawn.map((answer) => answer.status)).toEqual(withdrawing.map(() => 200));

  await refusedCopy();
}, 300_000);

const BIRTHS = 4 + PARALLEL_WITHDRAWALS;
const expectedUnit: Figures = {
  received: BIRTHS,
  receivedOnline: BIRTHS,
  refused: 1,
  withdrawn: PARALLEL_WITHDRAWALS,
  resolvedEarly: 1,
  resolvedOnTime: 0,
  resolvedLate: 1,
  released: 1,
  openInTime: 1,
  openOverdue: 1,
  ratingCount: 1,
  ratingAverage: 4,
  onTimeRate: 0.5,
};

describe('GET /stats/on-time', () => {
  it('counts every transition of the scripted life cycles, by agency', async () => {
    const answer = await stats(`from=${today()}&to=${today()}`);
    expect(answer.status).toBe(200);
    expect(answer.body.groups).toEqual([{ key: UNIT, name: expect.any(String), ...expectedUnit }]);
    expect(answer.body.total).toEqual(expectedUnit);
  });

  it('groups by procedure and by month, and filters by agency and procedure', async () => {
    const byProcedure = await stats(`from=${today()}&to=${today()}&groupBy=procedure`);
    expect(byProcedure.body.groups.map((g) => [g.key, g.received, g.refused])).toEqual([
      [BIRTH.procedure, BIRTHS, 0],
      [COPY, 0, 1],
    ]);
    const byMonth = await stats(`groupBy=month&agency=${UNIT}`);
    expect(byMonth.body.groups).toEqual([
      { key: today().slice(0, 7), name: expect.stringMatching(/^Tháng /), ...expectedUnit },
    ]);
    const births = await stats(`procedure=${BIRTH.procedure}`);
    expect(births.body.total).toMatchObject({ received: BIRTHS, refused: 0, openOverdue: 1 });
    const both = await stats(`agency=${UNIT}&procedure=${COPY}`);
    expect(both.body.total).toMatchObject({ received: 0, refused: 1, openInTime: 0 });
    const elsewhere = await stats('agency=000.00.02.H56');
    expect(elsewhere.body).toMatchObject({ groups: [], total: { received: 0, onTimeRate: null } });
  });

  it('counts nothing outside the period', async () => {
    const answer = await stats('from=2025-01-01&to=2025-12-31');
    expect(answer.body).toMatchObject({ from: '2025-01-01', to: '2025-12-31', groups: [] });
    expect(answer.body.total).toMatchObject({ received: 0, openInTime: 0, openOverdue: 0 });
  });

  it('gives the same numbers as CSV (UTF-8 with BOM) and as an XLSX workbook', async () => {
    const query = `from=${today()}&to=${today()}`;
    const json = (await stats(query)).body;
    const csv = await fetch(`${local.stack.url}/stats/on-time?${query}`, { headers: { accept: 'text/csv' } });
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe(
      `attachment; filename="thong-ke-dung-han-${today()}-${today()}.csv"`,
    );
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...lines] = bytes
      .toString('utf8')
      .slice(1)
      .trim()
      .split('\r\n')
      .map((l) => l.split(','));
    const fields = Object.keys(expectedUnit) as (keyof Figures)[];
    expect(header).toEqual(['key', 'name', ...fields]);
    const rowOf = (cells: string[]) =>
      Object.fromEntries(fields.map((f, i) => [f, cells[i + 2] === '' ? null : Number(cells[i + 2])]));
    expect(lines.map((cells) => cells[0])).toEqual([UNIT, 'total']);
    expect(rowOf(lines[0]!)).toEqual(expectedUnit);
    expect(rowOf(lines[1]!)).toEqual(json.total);

    const xlsx = await fetch(`${local.stack.url}/stats/on-time?${query}`, {
      headers: { accept: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    });
    expect(xlsx.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsx.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    const rows = sheet.getSheetValues().filter(Boolean) as unknown[][];
    expect(rows[0]!.slice(1)).toEqual(['key', 'name', ...fields]);
    const xlsxRow = (values: unknown[]) =>
      Object.fromEntries(fields.map((f, i) => [f, values[i + 3] ?? null]));
    expect(rows[1]!.slice(1, 3)).toEqual([UNIT, json.groups[0]!.name]);
    expect(xlsxRow(rows[1]!)).toEqual(expectedUnit);
    expect(xlsxRow(rows[2]!)).toEqual(json.total);
    // Recorded for the contract check, like every other answer.
    expect(
      (await call(local.stack, `/stats/on-time?${query}`, { headers: { accept: 'text/csv' } })).status,
    ).toBe(200);
  });

  it('names each wrong parameter, in the language asked for', async () => {
    const badDate = await stats('from=2026-02-30');
    expect(problemOf(badDate)).toMatchObject({ status: 400, fields: ['query.from'] });
    // A value of the wrong shape is named once, not once for its shape and again for its day.
    const badShapes = await stats('from=2026-13&to=2026-14');
    expect(problemOf(badShapes)).toMatchObject({ status: 400, fields: ['query.from', 'query.to'] });
    const reversed = await call(local.stack, '/stats/on-time?from=2026-03-01&to=2026-02-01', {
      language: 'en',
    });
    expect(problemOf(reversed)).toMatchObject({ status: 400, fields: ['query.to'] });
    expect(JSON.stringify(reversed.body)).toContain('at most 366 days');
    const tooLong = await call(local.stack, '/stats/on-time?from=2024-01-01&to=2025-06-01', {
      language: 'vi',
    });
    expect(problemOf(tooLong)).toMatchObject({ status: 400, fields: ['query.to'] });
    expect(JSON.stringify(tooLong.body)).toContain('tối đa 366 ngày');
    const unknown = await stats('groupBy=week&agency=x&extra=1');
    expect(problemOf(unknown).fields.sort()).toEqual(['query.agency', 'query.extra', 'query.groupBy']);
  });
});

describe('GET /agency/ledger', () => {
  const LEDGER = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  const ledgerOf = async (token: string, accept = 'text/csv') => {
    const answer = await fetch(`${local.stack.url}/agency/ledger?from=${today()}&to=${today()}`, {
      headers: { authorization: `Bearer ${token}`, accept },
    });
    return { answer, bytes: Buffer.from(await answer.arrayBuffer()) };
  };

  it('lists every dossier the unit received, oldest first, with its outcome, and records each read', async () => {
    const counter = await officerToken(local.stack, UNIT, ['receive']);
    const { answer, bytes } = await ledgerOf(counter);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-disposition')).toBe(
      `attachment; filename="so-theo-doi-${UNIT}-${today()}-${today()}.csv"`,
    );
    const [header, ...rows] = bytes
      .toString('utf8')
      .slice(1)
      .trim()
      .split('\r\n')
      .map((l) => l.split(','));
    expect(header).toEqual([
      'STT',
      'Mã hồ sơ',
      'Người nộp',
      'Mã thủ tục',
      'Tên thủ tục',
      'Ngày tiếp nhận',
      'Ngày hẹn trả',
      'Ngày giải quyết xong',
      'Ngày trả kết quả',
      'Kết quả',
    ]);
    // Refused dossiers were never received: the births only.
    expect(rows.map((r) => r[0])).toEqual(Array.from({ length: BIRTHS }, (_, i) => String(i + 1)));
    const outcomes = rows.map((r) => r[9]).sort();
    expect(outcomes).toEqual(
      [
        'Trước hạn',
        'Quá hạn',
        'Đang giải quyết (quá hạn)',
        'Đang giải quyết (trong hạn)',
        ...Array.from({ length: PARALLEL_WITHDRAWALS }, () => 'Đã rút'),
      ].sort(),
    );
    expect(rows.every((r) => r[2] === application().applicant.fullName)).toBe(true);
    const early = rows.find((r) => r[9] === 'Trước hạn')!;
    const [d, m, y] = today().split('-').reverse();
    expect([early[5], early[7], early[8]]).toEqual(Array.from({ length: 3 }, () => `${d}/${m}/${y}`));

    const logged = await accessLogOf(UNIT);
    expect(logged.filter((entry) => entry.what === 'ledger')).toHaveLength(BIRTHS);

    const workbook = new ExcelJS.Workbook();
    const xlsx = await ledgerOf(counter, LEDGER);
    expect(xlsx.answer.headers.get('content-type')).toBe(LEDGER);
    await workbook.xlsx.load(
      xlsx.bytes.buffer.slice(xlsx.bytes.byteOffset, xlsx.bytes.byteOffset + xlsx.bytes.byteLength),
    );
    const sheet = (workbook.worksheets[0]!.getSheetValues().filter(Boolean) as unknown[][]).map((r) =>
      r.slice(1),
    );
    expect(
      sheet
        .slice(1)
        .map((r) => r[9])
        .sort(),
    ).toEqual(outcomes);
    // Recorded for the contract check.
    expect((await call(local.stack, `/agency/ledger?from=${today()}`, { token: counter })).status).toBe(200);
  });

  it('is for the counter: an officer without the receive duty gets 403, bad dates a 400', async () => {
    const specialist = await officerToken(local.stack, UNIT, ['process']);
    expect((await call(local.stack, '/agency/ledger', { token: specialist })).status).toBe(403);
    const counter = await officerToken(local.stack, UNIT, ['receive']);
    const wrong = await call(local.stack, '/agency/ledger?from=2026-13-01', { token: counter });
    expect(problemOf(wrong)).toMatchObject({ status: 400, fields: ['query.from'] });
  });
});
