// Administration over HTTP: agencies, procedure versions and the audit trail, as an operator applies a decree.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CATALOG_CACHE_MS } from '../../shared/catalog/dependencies.js';
import type { Procedure } from '../../shared/catalog/model.js';
import { call, problemOf, useLocalStack } from '../support/local-stack.js';
import { application, eventually, quickApp, tokenFor } from '../support/dossiers.js';
import {
  actNow,
  BIRTH,
  officerToken,
  processingBirth,
  staffEtag,
  submittedDossier,
  verifiedResult,
} from '../support/workspace.js';

const local = useLocalStack({ app: quickApp });

const catalogFile = JSON.parse(readFileSync('data/catalog.json', 'utf8')) as { procedures: Procedure[] };
const seeded = (code: string) => structuredClone(catalogFile.procedures.find((p) => p.code === code)!);

interface AdminAgency {
  code: string;
  name: string;
  active: boolean;
  parent?: string;
  revision: number;
}
interface AdminProcedure {
  code: string;
  version: number;
  withdrawnAt: string | null;
  procedure: Procedure;
}
interface AuditPage {
  items: {
    actor: { subject: string };
    action: string;
    target: { kind: string; code: string };
    before: unknown;
    after: unknown;
  }[];
  nextCursor: string | null;
}

type AuditItem =
  | (AuditPage['items'][number] & { kind: 'change'; at: string })
  | {
      kind: 'access';
      at: string;
      officer: { subject: string };
      agency: string;
      dossier: { id: string; code: string | null };
      what: string;
      documents: string[];
    };

let admin: string;
let adminSubject: string;

beforeAll(async () => {
  adminSubject = `admin-${randomUUID()}`;
  admin = await tokenFor(local.stack, adminSubject, 'admin');
});

/** A fresh commune code, so each test's agencies are its own. */
let communes = 0;
const newCommuneCode = () => `000.09.${String(++communes).padStart(2, '0')}.H56`;

const putAgency = (code: string, json: unknown, headers: Record<string, string> = {}, language?: string) =>
  call<AdminAgency>(local.stack, `/admin/agencies/${code}`, {
    method: 'PUT',
    token: admin,
    json,
    headers,
    ...(language ? { language } : {}),
  });
const putProcedure = (procedure: unknown, headers: Record<string, string> = {}, code = BIRTH.procedure) =>
  call<AdminProcedure>(local.stack, `/admin/procedures/${code}`, {
    method: 'PUT',
    token: admin,
    json: procedure,
    headers,
  });
const adminAgencies = async () =>
  (await call<{ items: AdminAgency[] }>(local.stack, '/admin/agencies', { token: admin })).body.items;

describe('agencies as data', () => {
  it('creates an agency (201, revision 1), replaces it on its ETag (200, revision 2), and lists it', async () => {
    const code = newCommuneCode();
    const created = await putAgency(code, {
      name: 'Ủy ban nhân dân xã Mỹ Hạnh',
      level: 'commune',
      parent: '000.00.00.H56',
      hotline: '02723000111',
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('"r1"');
    expect(created.body).toMatchObject({ code, active: true, parent: '000.00.00.H56', revision: 1 });

    const replaced = await putAgency(
      code,
      { name: 'Ủy ban nhân dân xã Mỹ Hạnh Nam', level: 'commune', parent: '000.00.00.H56' },
      { 'if-match': '"r1"' },
    );
    expect(replaced.status).toBe(200);
    expect(replaced.headers.get('etag')).toBe('"r2"');
    const listed = (await adminAgencies()).find((a) => a.code === code);
    expect(listed).toMatchObject({ name: 'Ủy ban nhân dân xã Mỹ Hạnh Nam', revision: 2 });
    expect(listed).not.toHaveProperty('hotline');

    const stale = await putAgency(code, { name: 'Tên cũ', level: 'commune' }, { 'if-match': '"r1"' });
    expect(problemOf(stale)).toMatchObject({ status: 412, fields: ['header.if-match'] });
    expect((await adminAgencies()).find((a) => a.code === code)?.name).toBe('Ủy ban nhân dân xã Mỹ Hạnh Nam');
  });

  it('refuses bad input naming each field, in the language asked for, and writes nothing', async () => {
    const code = newCommuneCode();
    const wrong = await putAgency(code, { name: '', level: 'district', parent: 'x y', extra: 1 }, {}, 'en');
    expect(problemOf(wrong)).toMatchObject({
      contentType: 'application/problem+json',
      status: 400,
      fields: expect.arrayContaining(['body.name', 'body.level', 'body.parent', 'body.extra']),
    });
    expect(wrong.headers.get('content-language')).toBe('en');
    const vietnamese = await putAgency(code, { name: 'Xã A', level: 'district' }, {}, 'vi');
    expect(vietnamese.headers.get('content-language')).toBe('vi');
    expect((vietnamese.body as unknown as { title: string }).title).toBe('Dữ liệu không hợp lệ');

    const unknownParent = await putAgency(code, { name: 'Xã B', level: 'commune', parent: '999.99.99.H56' });
    expect(problemOf(unknownParent)).toMatchObject({ status: 422, fields: ['body.parent'] });
    const ownParent = await putAgency(code, { name: 'Xã B', level: 'commune', parent: code });
    expect(problemOf(ownParent)).toMatchObject({ status: 422, fields: ['body.parent'] });
    const badPath = await call(local.stack, '/admin/agencies/not%20a%20code', {
      method: 'DELETE',
      token: admin,
    });
    expect(problemOf(badPath)).toMatchObject({ status: 400, fields: ['path.code'] });

    expect((await adminAgencies()).some((a) => a.code === code)).toBe(false);
  });

  it('closes an agency: kept and listed for the administration, gone from the public list, its officers refused', async () => {
    const code = newCommuneCode();
    await putAgency(code, { name: 'Ủy ban nhân dân xã Sẽ Đóng', level: 'commune' });
    const officer = await officerToken(local.stack, code);
    const closed = await call<AdminAgency>(local.stack, `/admin/agencies/${code}`, {
      method: 'DELETE',
      token: admin,
    });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ code, active: false, revision: 2 });
    expect((await adminAgencies()).find((a) => a.code === code)?.active).toBe(false);
    const publicList = await call<{ items: { code: string }[] }>(local.stack, '/agencies');
    expect(publicList.body.items.some((a) => a.code === code)).toBe(false);

    for (const path of ['/agency/dossiers', '/reception']) {
      const refused = await eventually(async () => {
        const answer = await call(local.stack, path, { token: officer, language: 'en' });
        return answer.status === 403 ? answer : undefined;
      });
      expect(problemOf(refused)).toMatchObject({ contentType: 'application/problem+json', status: 403 });
      expect((refused.body as { detail: string }).detail).toContain(
        `${code} your token names is no longer active`,
      );
    }
    // Closing it again changes nothing.
    const again = await call<AdminAgency>(local.stack, `/admin/agencies/${code}`, {
      method: 'DELETE',
      token: admin,
    });
    expect(again.body.revision).toBe(2);
  });

  it('will not close an agency that still handles procedures', async () => {
    const refused = await call(local.stack, '/admin/agencies/000.00.04.H56', {
      method: 'DELETE',
      token: admin,
    });
    expect(problemOf(refused)).toMatchObject({ status: 409 });
    expect((await adminAgencies()).find((a) => a.code === '000.00.04.H56')?.active).toBe(true);
  });
});

describe('closing an agency that is still used', () => {
  it('is refused while a procedure routes a step to it, naming the procedure and step, and allowed once it does not', async () => {
    const code = newCommuneCode();
    expect((await putAgency(code, { name: 'Xã Bước Liên Thông', level: 'commune' })).status).toBe(201);
    const procedure = seeded('1.000894');
    procedure.code = '8.000101';
    procedure.routingSteps[1] = { ...procedure.routingSteps[1]!, agencyCode: code };
    expect((await putProcedure(procedure, {}, procedure.code)).status).toBe(201);
    const refused = await call(local.stack, `/admin/agencies/${code}`, {
      method: 'DELETE',
      token: admin,
      language: 'en',
    });
    expect(problemOf(refused)).toMatchObject({ status: 409 });
    expect((refused.body as { detail: string }).detail).toContain(
      `8.000101 (step ${procedure.routingSteps[1]!.id})`,
    );
    expect((await adminAgencies()).find((a) => a.code === code)?.active).toBe(true);

    procedure.routingSteps[1] = { ...procedure.routingSteps[1]!, agencyCode: procedure.agencyCode };
    expect((await putProcedure(procedure, {}, procedure.code)).status).toBe(200);
    const closed = await call(local.stack, `/admin/agencies/${code}`, { method: 'DELETE', token: admin });
    expect(closed.status).toBe(200);
  });

  it('closed while a procedure is changed to name it, at once: one of the two wins, never both', async () => {
    for (let round = 0; round < 3; round += 1) {
      const code = newCommuneCode();
      expect((await putAgency(code, { name: `Xã Tranh Chấp ${round}`, level: 'commune' })).status).toBe(201);
      const procedure = seeded('1.000894');
      procedure.code = `8.00020${round}`;
      procedure.routingSteps[1] = { ...procedure.routingSteps[1]!, agencyCode: code };
      const [closed, named] = await Promise.all([
        call(local.stack, `/admin/agencies/${code}`, { method: 'DELETE', token: admin }),
        putProcedure(procedure, {}, procedure.code),
      ]);
      const statuses = [closed.status, named.status];
      expect([
        [200, 422],
        [409, 201],
      ]).toContainEqual(statuses);
      const active = (await adminAgencies()).find((a) => a.code === code)?.active;
      expect(active).toBe(named.status === 201);
    }
  });

  it('closed while an agency is put under it, at once: one of the two wins, never both', async () => {
    for (let round = 0; round < 3; round += 1) {
      const [parent, child] = [newCommuneCode(), newCommuneCode()];
      expect((await putAgency(parent, { name: `Xã Cấp Trên ${round}`, level: 'commune' })).status).toBe(201);
      const [closed, put] = await Promise.all([
        call(local.stack, `/admin/agencies/${parent}`, { method: 'DELETE', token: admin }),
        putAgency(child, { name: `Điểm Trực Thuộc ${round}`, level: 'commune', parent }),
      ]);
      expect([
        [200, 422],
        [409, 201],
      ]).toContainEqual([closed.status, put.status]);
    }
  });

  it('is refused while active agencies report to it, naming them, and allowed once they are closed', async () => {
    const parent = newCommuneCode();
    const child = newCommuneCode();
    await putAgency(parent, { name: 'Xã Cấp Trên', level: 'commune' });
    await putAgency(child, { name: 'Điểm Tiếp Nhận Trực Thuộc', level: 'commune', parent });
    const refused = await call(local.stack, `/admin/agencies/${parent}`, {
      method: 'DELETE',
      token: admin,
      language: 'vi',
    });
    expect(problemOf(refused)).toMatchObject({ status: 409 });
    expect((refused.body as { detail: string }).detail).toContain(child);
    expect(
      (await call(local.stack, `/admin/agencies/${child}`, { method: 'DELETE', token: admin })).status,
    ).toBe(200);
    expect(
      (await call(local.stack, `/admin/agencies/${parent}`, { method: 'DELETE', token: admin })).status,
    ).toBe(200);
  });
});

describe('bad input on every admin route', () => {
  it('refuses a bad path code, year or job id, an unknown query, a bad period end or page size, and writes nothing', async () => {
    const since = new Date().toISOString();
    const refused = async (path: string, field: string, method = 'GET', json?: unknown) => {
      const answer = await call(local.stack, path, {
        method,
        token: admin,
        language: 'en',
        ...(json === undefined ? {} : { json }),
      });
      expect(problemOf(answer), `${method} ${path}`).toMatchObject({
        contentType: 'application/problem+json',
        status: 400,
        fields: [field],
      });
    };
    const agency = { name: 'Xã C', level: 'commune' };
    await refused('/admin/agencies/000.09.99.h56', 'path.code', 'PUT', agency);
    await refused('/admin/agencies/000.09..H56', 'path.code', 'PUT', agency);
    await refused('/admin/procedures/1.00119', 'path.code', 'DELETE');
    await refused('/admin/procedures/1.001193x', 'path.code', 'DELETE');
    const schedule = { source: 'Thông báo thử', daysOff: [], workingDays: [] };
    await refused('/admin/calendar/next', 'path.year', 'PUT', schedule);
    await refused('/admin/calendar/1899', 'path.year', 'PUT', schedule);
    await refused('/admin/calendar/2027.5', 'path.year', 'PUT', schedule);
    await refused('/admin/reorganisations/not-a-job', 'path.id');
    await refused(`/admin/reorganisations/${'A'.repeat(32)}`, 'path.id');
    await refused('/admin/audit?to=tomorrow', 'query.to');
    await refused('/admin/audit?to=2026-13-01', 'query.to');
    await refused('/admin/audit?pageSize=0', 'query.pageSize');
    await refused('/admin/audit?pageSize=ten', 'query.pageSize');
    await refused('/admin/audit?pageSize=1000000', 'query.pageSize');
    // Every route refuses a query it does not know, as the rest of the API does.
    await refused('/admin/agencies?inactive=true', 'query.inactive');

    // Nothing of it was written: no agency, the procedure still offered, no audit entry since.
    expect((await adminAgencies()).some((a) => a.code.toUpperCase().startsWith('000.09.99'))).toBe(false);
    expect((await call(local.stack, `/procedures/${BIRTH.procedure}`)).status).toBe(200);
    const audit = await call<AuditPage>(
      local.stack,
      `/admin/audit?kind=change&from=${encodeURIComponent(since)}`,
      { token: admin },
    );
    expect(audit.body.items).toEqual([]);
  });
});

describe('procedures as versioned data', () => {
  it('refuses a procedure the catalog file would refuse, naming the field, and writes no version', async () => {
    const before = await call<{ version: number }>(local.stack, `/procedures/${BIRTH.procedure}`);
    const days = { ...seeded(BIRTH.procedure), processingDays: 3 };
    expect(problemOf(await putProcedure(days))).toMatchObject({ status: 400, fields: ['body.routingSteps'] });

    const twice = seeded(BIRTH.procedure);
    twice.requiredDocuments.push({ ...twice.requiredDocuments[0]! });
    expect(problemOf(await putProcedure(twice))).toMatchObject({
      status: 400,
      fields: ['body.requiredDocuments.3.type'],
    });

    const sizes = seeded(BIRTH.procedure);
    sizes.requiredDocuments[0]!.maxSizeBytes = 500 * 1024 * 1024;
    (sizes.requiredDocuments[1]!.acceptedContentTypes as string[]) = ['application/x-msdownload'];
    expect(problemOf(await putProcedure(sizes))).toMatchObject({
      status: 400,
      fields: ['body.requiredDocuments.0.maxSizeBytes', 'body.requiredDocuments.1.acceptedContentTypes.0'],
    });

    const elsewhere = seeded(BIRTH.procedure);
    elsewhere.routingSteps[0]!.agencyCode = '999.99.99.H56';
    expect(problemOf(await putProcedure(elsewhere))).toMatchObject({
      status: 422,
      fields: ['body.routingSteps.0.agencyCode'],
    });

    const otherCode = await putProcedure({ ...seeded(BIRTH.procedure), code: '1.000894' });
    expect(problemOf(otherCode)).toMatchObject({ status: 400, fields: ['body.code'] });

    const unknownField = await putProcedure({ ...seeded(BIRTH.procedure), colour: 'blue' });
    expect(problemOf(unknownField)).toMatchObject({ status: 400, fields: ['body.colour'] });

    const after = await call<{ version: number }>(local.stack, `/procedures/${BIRTH.procedure}`);
    expect(after.body.version).toBe(before.body.version);
  });

  it('two changes of one procedure at once: two distinct versions, or a clean 412 when both named the same one', async () => {
    const code = '1.000656';
    const current = await call<{ version: number }>(local.stack, `/procedures/${code}`);
    const base = seeded(code);
    const [a, b] = await Promise.all([
      putProcedure({ ...base, name: `${base.name} (A)` }, {}, code),
      putProcedure({ ...base, name: `${base.name} (B)` }, {}, code),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(new Set([a.body.version, b.body.version])).toEqual(
      new Set([current.body.version + 1, current.body.version + 2]),
    );

    const etag = `"v${current.body.version + 2}"`;
    const [c, d] = await Promise.all([
      putProcedure({ ...base, name: `${base.name} (C)` }, { 'if-match': etag }, code),
      putProcedure({ ...base, name: `${base.name} (D)` }, { 'if-match': etag }, code),
    ]);
    expect([c.status, d.status].sort()).toEqual([200, 412]);
    const winner = c.status === 200 ? c : d;
    expect(winner.body.version).toBe(current.body.version + 3);
    const shown = await eventually(async () => {
      const answer = await call<{ version: number; name: string }>(local.stack, `/procedures/${code}`);
      return answer.body.version === winner.body.version ? answer : undefined;
    });
    expect(shown.body.name).toBe(winner.body.procedure.name);
  });

  it('an open dossier keeps the version it was submitted under; a new one follows the change', async () => {
    const open = await processingBirth(local.stack);
    const changed = seeded(BIRTH.procedure);
    changed.processingDays = 2;
    changed.routingSteps = [
      { id: 'kiem-tra', name: 'Kiểm tra hồ sơ', agencyCode: BIRTH.agency, workingDays: 1 },
      { id: 'ky-duyet', name: 'Ký, cấp giấy khai sinh', agencyCode: BIRTH.agency, workingDays: 1 },
    ];
    const put = await putProcedure(changed);
    expect(put.status).toBe(200);
    expect(put.headers.get('etag')).toBe(`"v${put.body.version}"`);

    const officer = await officerToken(local.stack, BIRTH.agency);
    // Its one step is still the last one of its own version: it resolves there.
    const resultId = await verifiedResult(local.stack, officer, open.id);
    const resolved = await actNow(local.stack, officer, open.id, 'resolve', { resultIds: [resultId] });
    expect(resolved.status).toBe(200);
    expect(resolved.body.status).toBe('resolved');

    const later = await processingBirth(local.stack);
    const view = await call<{ step: { id: string } | null }>(local.stack, `/agency/dossiers/${later.id}`, {
      token: officer,
    });
    expect(view.body.step?.id).toBe('kiem-tra');
  });

  it('withdraws a procedure: not found, not searchable, not submittable; an open dossier continues', async () => {
    const code = '2.000815';
    // Not accepted unasked: it waits at reception for an officer.
    const open = await submittedDossier(local.stack, code, ['ban-chinh']);
    const withdrawn = await call<AdminProcedure>(local.stack, `/admin/procedures/${code}`, {
      method: 'DELETE',
      token: admin,
    });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.withdrawnAt).not.toBeNull();
    const search = await call<{ items: unknown[] }>(local.stack, `/procedures?q=${code}`);
    expect(search.body.items).toEqual([]);
    await eventually(async () => (await call(local.stack, `/procedures/${code}`)).status === 404);
    const citizen = await tokenFor(local.stack);
    const draft = await eventually(async () => {
      const answer = await call(local.stack, '/dossiers', {
        method: 'POST',
        token: citizen,
        headers: { 'idempotency-key': randomUUID() },
        json: application({ procedureCode: code }),
      });
      return answer.status === 422 ? answer : undefined;
    });
    expect(problemOf(draft).fields).toEqual(['body.procedureCode']);

    const counter = await officerToken(local.stack, BIRTH.agency);
    await eventually(async () => {
      const waiting = await call<{ items: { id: string }[] }>(local.stack, '/reception', { token: counter });
      return waiting.body.items.some((d) => d.id === open.id);
    });
    const accepted = await call<{ status: string; dueAt: string }>(
      local.stack,
      `/reception/${open.id}/accept`,
      {
        method: 'POST',
        token: counter,
      },
    );
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('processing');
    // Withdrawing twice changes nothing; changing it again brings it back as a new version.
    const again = await call<AdminProcedure>(local.stack, `/admin/procedures/${code}`, {
      method: 'DELETE',
      token: admin,
    });
    expect(again.body.version).toBe(withdrawn.body.version);
    const back = await putProcedure(seeded(code), {}, code);
    expect(back.body).toMatchObject({ version: withdrawn.body.version + 1, withdrawnAt: null });
    expect((await call<{ items: unknown[] }>(local.stack, `/procedures?q=${code}`)).body.items).toHaveLength(
      1,
    );
  });
});

describe('the audit trail', () => {
  it('records every change with who, when, what, before and after, by time and page by page', async () => {
    const code = newCommuneCode();
    await putAgency(code, { name: 'Xã Ghi Vết', level: 'commune' });
    await putAgency(code, { name: 'Xã Ghi Vết Mới', level: 'commune' });
    await call(local.stack, `/admin/agencies/${code}`, { method: 'DELETE', token: admin });
    const today = new Date().toISOString().slice(0, 10);
    const entries: AuditPage['items'] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/admin/audit?from=${today}&kind=change&pageSize=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await call<AuditPage>(local.stack, query, { token: admin });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      entries.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    const mine = entries.filter((e) => e.target.code === code);
    expect(mine.map((e) => e.action)).toEqual(['agency.create', 'agency.replace', 'agency.deactivate']);
    expect(mine.every((e) => e.actor.subject === adminSubject)).toBe(true);
    expect(mine[0]!.before).toBeNull();
    expect(mine[1]).toMatchObject({ before: { name: 'Xã Ghi Vết' }, after: { name: 'Xã Ghi Vết Mới' } });
    expect(mine[2]).toMatchObject({ before: { name: 'Xã Ghi Vết Mới' }, after: { active: false } });
    expect(entries.some((e) => e.action === 'procedure.change')).toBe(true);

    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const none = await call<AuditPage>(local.stack, `/admin/audit?to=${yesterday}`, { token: admin });
    expect(none.body.items).toEqual([]);
  });

  it('shows the staff access log with the changes, merged by time under one cursor, naming no personal data', async () => {
    const start = new Date().toISOString();
    const dossier = await processingBirth(local.stack);
    const token = await officerToken(local.stack, BIRTH.agency);
    const officer = (
      JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { sub: string }
    ).sub;
    const code = newCommuneCode();
    expect((await call(local.stack, `/agency/dossiers/${dossier.id}`, { token })).status).toBe(200);
    await putAgency(code, { name: 'Xã Xen Kẽ', level: 'commune' });
    expect((await call(local.stack, `/agency/dossiers/${dossier.id}`, { token })).status).toBe(200);

    const all = async (query: string, pageSize: number) => {
      const items: AuditItem[] = [];
      let cursor: string | null = null;
      do {
        const path: string = `/admin/audit?from=${start}&pageSize=${pageSize}${query}${cursor ? `&cursor=${cursor}` : ''}`;
        const page = await call<{ items: AuditItem[]; nextCursor: string | null }>(local.stack, path, {
          token: admin,
        });
        expect(page.status).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(pageSize);
        items.push(...page.body.items);
        cursor = page.body.nextCursor;
      } while (cursor);
      return items;
    };
    const paged = await all('', 2);
    // Page by page or in one page: the same entries, each once, oldest first.
    expect(paged).toEqual(await all('', 100));
    expect(new Set(paged.map((item) => JSON.stringify(item))).size).toBe(paged.length);
    expect(paged.map((item) => item.at)).toEqual(paged.map((item) => item.at).sort());

    const mine = paged.filter((item) =>
      item.kind === 'access' ? item.officer.subject === officer : item.target.code === code,
    );
    expect(mine.map((item) => item.kind)).toEqual(['access', 'change', 'access']);
    expect(mine[0]).toEqual({
      kind: 'access',
      at: expect.any(String),
      officer: { subject: officer },
      agency: BIRTH.agency,
      dossier: { id: dossier.id, code: expect.stringMatching(/^000\.01\.00\.H56-\d{6}-\d{4}$/) },
      what: expect.stringMatching(/^(view|download-links)$/),
      documents: expect.any(Array),
    });
    expect(mine[1]).toMatchObject({
      kind: 'change',
      action: 'agency.create',
      actor: { subject: adminSubject },
    });
    // Who read what is there; the applicant's data is not.
    const text = JSON.stringify(paged);
    for (const personal of ['079203001234', '0912345678', 'Lê Lợi']) expect(text).not.toContain(personal);

    const changes = await all('&kind=change', 50);
    expect(changes.every((item) => item.kind === 'change')).toBe(true);
    expect(changes.some((item) => item.kind === 'change' && item.target.code === code)).toBe(true);
    const reads = await all('&kind=access', 1);
    expect(reads.every((item) => item.kind === 'access')).toBe(true);
    expect(reads.filter((item) => item.kind === 'access' && item.officer.subject === officer)).toHaveLength(
      2,
    );

    const kind = await call(local.stack, '/admin/audit?kind=everything', { token: admin, language: 'en' });
    expect(problemOf(kind)).toMatchObject({ status: 400, fields: ['query.kind'] });
  });

  it('refuses a bad period or cursor, naming the parameter', async () => {
    const period = await call(local.stack, '/admin/audit?from=yesterday', { token: admin });
    expect(problemOf(period)).toMatchObject({ status: 400, fields: ['query.from'] });
    const cursor = await call(local.stack, '/admin/audit?cursor=forged', { token: admin });
    expect(problemOf(cursor)).toMatchObject({ status: 400, fields: ['query.cursor'] });
  });
});

describe('the officer acting while the catalog changes', () => {
  it('keeps the ETag an officer decided on valid across a procedure change', async () => {
    const open = await processingBirth(local.stack);
    const officer = await officerToken(local.stack, BIRTH.agency);
    const etag = await staffEtag(local.stack, officer, open.id);
    const put = await putProcedure({ ...seeded(BIRTH.procedure), name: 'Đăng ký khai sinh (sửa)' });
    expect(put.status).toBe(200);
    const stopped = await call(local.stack, `/agency/dossiers/${open.id}/stop`, {
      method: 'POST',
      token: officer,
      json: { reason: 'Người yêu cầu đề nghị dừng' },
      headers: { 'if-match': etag },
    });
    expect(stopped.status).toBe(200);
  });
});

describe('the calendar as data', () => {
  const putCalendar = (year: number, json: unknown) =>
    call<{ year: number; revision: number }>(local.stack, `/admin/calendar/${year}`, {
      method: 'PUT',
      token: admin,
      json,
    });
  const dueDateOf = async (acceptedAt: string) =>
    (
      await call<{ dueDate: string }>(
        local.stack,
        `/calendar/due-date?procedure=${BIRTH.procedure}&acceptedAt=${encodeURIComponent(acceptedAt)}`,
      )
    ).body.dueDate;

  it('refuses a schedule with a date outside its year, a make-up weekday or a date twice, and stores nothing', async () => {
    const year = new Date().getUTCFullYear() + 1;
    const before = await call(local.stack, `/calendar/${year}`);
    const wrong = await putCalendar(year, {
      source: 'Thông báo thử',
      daysOff: [
        { date: `${year - 1}-12-31`, reason: 'Năm trước' },
        { date: `${year}-05-05`, reason: 'Nghỉ' },
      ],
      workingDays: [
        { date: `${year}-05-05`, reason: 'Trùng' },
        { date: weekdayOf(year), reason: 'Không phải cuối tuần' },
      ],
    });
    expect(problemOf(wrong)).toMatchObject({
      status: 400,
      fields: expect.arrayContaining([
        'body.daysOff.0.date',
        'body.workingDays.0.date',
        'body.workingDays.1.date',
      ]),
    });
    const shape = await putCalendar(year, { daysOff: [{ date: '2027-02-30', reason: '' }], extra: true });
    expect(problemOf(shape)).toMatchObject({
      status: 400,
      fields: expect.arrayContaining(['body.daysOff.0.date', 'body.daysOff.0.reason', 'body.extra']),
    });
    expect((await call(local.stack, `/calendar/${year}`)).body).toEqual(before.body);
  });

  it('a day off added: new due dates skip it at once, a due date already given stays', async () => {
    const open = await processingBirth(local.stack);
    const given = await call<{ acceptedAt: string; dueAt: string }>(local.stack, `/dossiers/${open.id}`, {
      token: open.citizen,
    });
    const dueDay = given.body.dueAt.slice(0, 10);
    expect(await dueDateOf(given.body.acceptedAt)).toBe(dueDay);
    const year = Number(dueDay.slice(0, 4));

    const stored = await putCalendar(year, {
      source: 'Quyết định thử nghiệm',
      daysOff: [{ date: dueDay, reason: 'Ngày nghỉ bổ sung' }],
    });
    expect(stored.status).toBe(201);
    expect(stored.headers.get('etag')).toBe('"r1"');

    const moved = await eventually(async () => {
      const day = await dueDateOf(given.body.acceptedAt);
      return day !== dueDay ? day : undefined;
    });
    expect(moved > dueDay).toBe(true);
    const listed = await call<{ nonWorkingWeekdays: { date: string; reason: string }[] }>(
      local.stack,
      `/calendar/${year}`,
    );
    expect(listed.body.nonWorkingWeekdays).toContainEqual(
      expect.objectContaining({ date: dueDay, reason: 'Ngày nghỉ bổ sung' }),
    );
    const after = await call<{ dueAt: string }>(local.stack, `/dossiers/${open.id}`, { token: open.citizen });
    expect(after.body.dueAt).toBe(given.body.dueAt);

    const audit = await call<AuditPage>(local.stack, '/admin/audit?pageSize=100', { token: admin });
    expect(audit.body.items).toContainEqual(
      expect.objectContaining({
        action: 'calendar.create',
        target: { kind: 'calendar', code: String(year) },
      }),
    );
  });

  it('a holiday added for next year: a dossier accepted after it is due later, one accepted before keeps its date', async () => {
    // A procedure long enough that a dossier accepted today is due next year, about its middle (whatever today is).
    const year = new Date().getUTCFullYear() + 1;
    const days = Math.round(((Date.parse(`${year}-07-01`) - Date.now()) / 86_400_000) * (5 / 7));
    const long = {
      ...seeded(BIRTH.procedure),
      code: '1.901193',
      processingDays: days,
      routingSteps: [{ ...seeded(BIRTH.procedure).routingSteps[0]!, workingDays: days }],
    };
    expect((await putProcedure(long, {}, long.code)).status).toBe(201);
    const acceptedDossier = async () => {
      const dossier = await submittedDossier(local.stack, long.code, BIRTH.documents);
      return eventually(async () => {
        const view = await call<{ status: string; acceptedAt: string; dueAt: string }>(
          local.stack,
          `/dossiers/${dossier.id}`,
          { token: dossier.citizen },
        );
        return view.body.status === 'processing' ? { ...dossier, ...view.body } : undefined;
      });
    };
    const before = await acceptedDossier();
    const dueDay = before.dueAt.slice(0, 10);
    expect(Number(dueDay.slice(0, 4))).toBe(year);

    const stored = await putCalendar(year, {
      source: 'Quyết định thử nghiệm năm sau',
      daysOff: [{ date: dueDay, reason: 'Ngày nghỉ bổ sung năm sau' }],
      workingDays: [],
    });
    expect(stored.status).toBe(201);
    // Each function reads the schedules again once what it read is CATALOG_CACHE_MS old.
    await new Promise((resolve) => setTimeout(resolve, CATALOG_CACHE_MS + 500));

    // Accepted after the change: its due date skips the new day off, as the calculator says.
    const after = await acceptedDossier();
    const afterDay = after.dueAt.slice(0, 10);
    expect(afterDay).not.toBe(dueDay);
    if (after.acceptedAt.slice(0, 10) === before.acceptedAt.slice(0, 10))
      expect(afterDay > dueDay).toBe(true);
    const calculated = await call<{ dueDate: string }>(
      local.stack,
      `/calendar/due-date?procedure=${long.code}&acceptedAt=${encodeURIComponent(after.acceptedAt)}`,
    );
    expect(calculated.body.dueDate).toBe(afterDay);
    // The one accepted before keeps the date it was given.
    const kept = await call<{ dueAt: string }>(local.stack, `/dossiers/${before.id}`, {
      token: before.citizen,
    });
    expect(kept.body.dueAt).toBe(before.dueAt);
  });
});

/** A Monday-to-Friday date of the year (a make-up working day there is refused). */
function weekdayOf(year: number): string {
  for (let day = 1; ; day += 1) {
    const date = new Date(Date.UTC(year, 5, day));
    if (date.getUTCDay() >= 1 && date.getUTCDay() <= 5) return date.toISOString().slice(0, 10);
  }
}
