// The agency workspace over HTTP: inboxes by index, the staff view with its ETag, and actions guarded by If-Match
// that carry a dossier through its steps and agencies (liên thông) with their sub-deadlines.
import { randomUUID } from 'node:crypto';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { verifyChain } from '../../shared/domain/dossier/history.js';
import { call, problemOf, useLocalStack } from '../support/local-stack.js';
import { dossierRepositoryOf, eventually, outboxOf, quickApp } from '../support/dossiers.js';
import {
  actNow,
  officerToken,
  processingBirth,
  rewriteDossier,
  submittedDossier,
  verifiedResult,
} from '../support/workspace.js';

const local = useLocalStack({ app: quickApp });
const repository = () => dossierRepositoryOf(local.stack);
const COMMUNE = '000.01.00.H56';

type StaffView = {
  id: string;
  code: string;
  status: string;
  step: { id: string; agency: string; dueAt: string } | null;
  dueAt: string | null;
  statutoryDueAt: string | null;
  applicant: { citizenId: string; address: string };
  allowedActions: string[];
  history: { action: string; note: string | null }[];
  fee: unknown;
};
type Page = {
  items: { id: string; step: { id: string } | null; overdue: boolean }[];
  nextCursor: string | null;
};

const officer = (agency: string, duties?: string[]) => officerToken(local.stack, agency, duties);
const submitted = (procedureCode: string, types: string[]) =>
  submittedDossier(local.stack, procedureCode, types);
/** A birth registration: accepted by the pipeline and at its one step at the commune. */
const processing = () => processingBirth(local.stack);

async function view(token: string, id: string) {
  const answer = await call<StaffView>(local.stack, `/agency/dossiers/${id}`, { token });
  expect(answer.status).toBe(200);
  return { body: answer.body, etag: answer.headers.get('etag')! };
}

const act = (token: string, id: string, action: string, json: unknown, etag?: string) =>
  call<StaffView>(local.stack, `/agency/dossiers/${id}/${action}`, {
    method: 'POST',
    token,
    json,
    ...(etag ? { headers: { 'if-match': etag } } : {}),
  });

describe('agency inbox', () => {
  it("lists a dossier at its step in that agency's inbox only, by due date, with each filter and range", async () => {
    const dossier = await processing();
    const mine = await officer(COMMUNE);
    const inbox = await call<Page>(local.stack, '/agency/dossiers?pageSize=100', { token: mine });
    expect(inbox.status).toBe(200);
    expect(inbox.body.items.find((i) => i.id === dossier.id)).toMatchObject({
      step: { id: 'tiep-nhan-giai-quyet' },
      overdue: false,
    });
    const listed = async (query: string) =>
      (
        await call<Page>(local.stack, `/agency/dossiers?pageSize=100&${query}`, { token: mine })
      ).body.items.some((i) => i.id === dossier.id);
    expect(await listed('status=processing')).toBe(true);
    expect(await listed('status=fee-requested')).toBe(false);
    expect(await listed('procedure=1.001193')).toBe(true);
    expect(await listed('procedure=1.000894')).toBe(false);
    expect(await listed('step=tiep-nhan-giai-quyet')).toBe(true);
    expect(await listed('overdue=false')).toBe(true);
    expect(await listed('overdue=true')).toBe(false);
    expect(await listed('dueBefore=2099-01-01')).toBe(true);
    expect(await listed('dueBefore=2000-01-01')).toBe(false);
    // A day that is not on the calendar, or not a day: 400 naming the field once, not a 500 nor a day rolled over.
    for (const day of ['2026-13-45', '2026-02-30', '2026-00-00', 'mai'])
      expect(
        problemOf(await call(local.stack, `/agency/dossiers?dueBefore=${day}`, { token: mine })),
        day,
      ).toMatchObject({ status: 400, fields: ['query.dueBefore'] });
    expect(await listed('sort=received')).toBe(true);
    expect(await listed('view=all')).toBe(true);

    const other = await officer('000.00.02.H56');
    const theirs = await call<Page>(local.stack, '/agency/dossiers?pageSize=100', { token: other });
    expect(theirs.body.items.some((i) => i.id === dossier.id)).toBe(false);
    expect((await call(local.stack, `/agency/dossiers/${dossier.id}`, { token: other })).status).toBe(404);
  });

  it('pages through the inbox with a cursor, each dossier once', async () => {
    await Promise.all([processing(), processing(), processing()]);
    const token = await officer(COMMUNE);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: Page } = await call<Page>(
        local.stack,
        `/agency/dossiers?pageSize=2${cursor ? `&cursor=${cursor}` : ''}`,
        { token },
      );
      seen.push(...page.body.items.map((i) => i.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('refuses two filters at once, and filters on the "all" view, naming them', async () => {
    const token = await officer(COMMUNE);
    const two = await call(local.stack, '/agency/dossiers?status=processing&step=x', { token });
    expect(problemOf(two)).toMatchObject({ status: 400, fields: ['query.step'] });
    const all = await call(local.stack, '/agency/dossiers?view=all&overdue=true', { token });
    expect(problemOf(all)).toMatchObject({ status: 400, fields: ['query.overdue'] });
  });
});

describe('staff view and actions', () => {
  it('shows the applicant in full with an ETag, records the read, and lists what this officer may do', async () => {
    const dossier = await processing();
    const token = await officer(COMMUNE);
    const { body, etag } = await view(token, dossier.id);
    expect(etag).toMatch(/^"v[0-9]+"$/);
    expect(body.applicant).toMatchObject({ citizenId: '079203001234', address: '12 Lê Lợi, phường Long An' });
    expect(body.allowedActions).toEqual(
      expect.arrayContaining(['request-supplement', 'request-fee', 'extend', 'resolve', 'stop']),
    );
    expect(body.allowedActions).not.toContain('release');
    const logged = await DynamoDBDocumentClient.from(local.stack.clients.dynamodb).send(
      new QueryCommand({
        TableName: local.stack.resources.env.TABLE_DOSSIERS!,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `ACCESS#${COMMUNE}` },
      }),
    );
    expect(
      logged.Items?.filter((item) => (item.access as { dossierId: string }).dossierId === dossier.id).length,
    ).toBeGreaterThanOrEqual(1);
    const specialist = await officer(COMMUNE, ['process']);
    expect((await view(specialist, dossier.id)).body.allowedActions).not.toContain('resolve');
  });

  it('shows an officer their own dossier only as its applicant: the staff view is 403', async () => {
    const dossier = await processing();
    const minted = await call<{ token: string }>(local.stack, '/dev/tokens', {
      method: 'POST',
      json: {
        role: 'officer',
        subject: `officer-${randomUUID()}`,
        agency: COMMUNE,
        citizenId: '079203001234',
      },
    });
    const own = await call(local.stack, `/agency/dossiers/${dossier.id}`, { token: minted.body.token });
    expect(problemOf(own)).toMatchObject({ status: 403 });
  });

  it('answers 428 without If-Match, 412 when stale, 403 without the duty, 404 elsewhere, 409 when the status forbids', async () => {
    const dossier = await processing();
    const token = await officer(COMMUNE);
    const { etag } = await view(token, dossier.id);
    const stop = { reason: 'Người nộp không bổ sung được giấy tờ' };
    expect(problemOf(await act(token, dossier.id, 'stop', stop))).toMatchObject({ status: 428 });
    expect(problemOf(await act(token, dossier.id, 'stop', stop, '"v1"'))).toMatchObject({ status: 412 });
    const leader = await officer(COMMUNE, ['approve']);
    expect(problemOf(await act(leader, dossier.id, 'stop', stop, etag))).toMatchObject({ status: 403 });
    const elsewhere = await officer('000.00.02.H56');
    expect(problemOf(await act(elsewhere, dossier.id, 'stop', stop, etag))).toMatchObject({ status: 404 });
    expect(problemOf(await act(token, dossier.id, 'release', { method: 'counter' }, etag))).toMatchObject({
      status: 409,
    });
    expect(problemOf(await act(token, dossier.id, 'forward', { toStep: 'khong-co' }, etag))).toMatchObject({
      status: 409,
    });
    const badBody = await act(
      token,
      dossier.id,
      'request-fee',
      { items: [{ name: 'Lệ phí', amountVnd: -1 }] },
      etag,
    );
    expect(problemOf(badBody)).toMatchObject({ status: 400, fields: ['body.items.0.amountVnd'] });
  });

  it('applies exactly one of twenty conflicting actions sent at once; the rest get 412 or 409', async () => {
    const dossier = await processing();
    const token = await officer(COMMUNE);
    const { etag } = await view(token, dossier.id);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2 === 0
          ? act(token, dossier.id, 'stop', { reason: `Dừng ${i}` }, etag)
          : act(token, dossier.id, 'request-fee', { items: [{ name: 'Lệ phí', amountVnd: 8000 + i }] }, etag),
      ),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.map((a) => a.status).filter((s) => s !== 200 && s !== 409 && s !== 412)).toEqual([]);
    expect(answers.filter((a) => a.status !== 200).every((a) => [409, 412].includes(a.status))).toBe(true);
    const history = await repository().history(dossier.id);
    expect(history.filter((e) => e.action === 'stop' || e.action === 'request-fee')).toHaveLength(1);
    expect(verifyChain(history)).toMatchObject({ valid: true });
  });

  it('asks for fees and takes a payment at the counter; the applicant is told the amount', async () => {
    const dossier = await processing();
    const token = await officer(COMMUNE);
    const billed = await act(
      token,
      dossier.id,
      'request-fee',
      { items: [{ name: 'Lệ phí cấp bản sao', amountVnd: 8000 }] },
      (await view(token, dossier.id)).etag,
    );
    expect(billed.status).toBe(200);
    expect(billed.body.status).toBe('fee-requested');
    await eventually(async () =>
      outboxOf(local.stack, dossier.code).some((m) => m.event === 'fee-requested'),
    );
    const paid = await act(
      token,
      dossier.id,
      'confirm-payment',
      { reference: 'BL-0001', method: 'counter' },
      billed.headers.get('etag')!,
    );
    expect(paid.status, JSON.stringify(paid.body)).toBe(200);
    expect(paid.body).toMatchObject({ status: 'processing', fee: { payment: { reference: 'BL-0001' } } });
    const told = await eventually(async () =>
      outboxOf(local.stack, dossier.code).find((m) => m.event === 'fee-paid'),
    );
    expect(told.rendered.text).toContain('BL-0001');
  });

  it('extends with an apology: the applicant sees the new date, the statistics keep the original', async () => {
    const dossier = await processing();
    const leader = await officer(COMMUNE, ['approve']);
    const before = await view(leader, dossier.id);
    const extended = await act(
      leader,
      dossier.id,
      'extend',
      { newDueDate: '2099-06-01', reason: 'Cần xác minh thêm với cơ quan khác' },
      before.etag,
    );
    expect(extended.status).toBe(200);
    expect(extended.body.dueAt).toBe('2099-06-01T10:00:00.000Z');
    expect(extended.body.statutoryDueAt).toBe(before.body.statutoryDueAt);
    await eventually(async () => outboxOf(local.stack, dossier.code).some((m) => m.event === 'extended'));
    const weekend = await act(
      leader,
      dossier.id,
      'extend',
      { newDueDate: '2099-06-06', reason: 'Lý do' },
      extended.headers.get('etag')!,
    );
    expect(problemOf(weekend), JSON.stringify(weekend.body)).toMatchObject({
      status: 422,
      fields: ['body.newDueDate'],
    });
  });

  it('shows a dossier past its due date as overdue, refuses an apology after the date, and resolves it late', async () => {
    const dossier = await processing();
    // Its step and its due date passed yesterday.
    const yesterday = Date.now() - 86_400_000;
    await rewriteDossier(local.stack, dossier.id, (stored) => ({
      ...stored,
      state: { ...stored.state, dueAt: yesterday },
      step: { ...stored.step!, dueAt: new Date(yesterday).toISOString() },
    }));
    const leader = await officer(COMMUNE);
    const overdue = await call<Page>(local.stack, '/agency/dossiers?overdue=true&pageSize=100', {
      token: leader,
    });
    expect(overdue.body.items.find((i) => i.id === dossier.id)).toMatchObject({ overdue: true });
    const { body, etag } = await view(leader, dossier.id);
    expect(body.allowedActions).not.toContain('extend');
    const apology = await act(
      leader,
      dossier.id,
      'extend',
      { newDueDate: '2099-06-01', reason: 'Trễ hẹn' },
      etag,
    );
    expect(problemOf(apology)).toMatchObject({ status: 409 });
    const resultId = await verifiedResult(local.stack, leader, dossier.id);
    const resolved = await actNow(local.stack, leader, dossier.id, 'resolve', { resultIds: [resultId] });
    expect(resolved.body).toMatchObject({ status: 'resolved' });
    expect(Date.parse(String(resolved.body.resolvedAt))).toBeGreaterThan(yesterday);
  });

  it('stops a dossier with a reason the applicant is told', async () => {
    const dossier = await processing();
    const token = await officer(COMMUNE);
    const stopped = await act(
      token,
      dossier.id,
      'stop',
      { reason: 'Hồ sơ thuộc thẩm quyền cơ quan khác' },
      (await view(token, dossier.id)).etag,
    );
    expect(stopped.body.status).toBe('stopped');
    await eventually(async () => outboxOf(local.stack, dossier.code).some((m) => m.event === 'stopped'));
    const inbox = await call<Page>(local.stack, '/agency/dossiers?pageSize=100', { token });
    expect(inbox.body.items.some((i) => i.id === dossier.id)).toBe(false);
  });
});

describe('inter-agency routing (liên thông)', () => {
  it('carries a criminal-record dossier across three agencies, forward and back, each step with its sub-deadline', async () => {
    const dossier = await submitted('2.000488', ['to-khai-ly-lich-tu-phap', 'giay-to-tuy-than']);
    const counter = await officer('000.00.01.H56');
    await eventually(async () => (await repository().get(dossier.id))?.pendingStage === 'reception');
    const accepted = await call(local.stack, `/reception/${dossier.id}/accept`, {
      method: 'POST',
      token: counter,
    });
    expect(accepted.status).toBe(200);
    await eventually(async () => (await repository().get(dossier.id))?.status === 'processing');

    let current = await view(counter, dossier.id);
    expect(current.body.step).toMatchObject({ id: 'tiep-nhan', agency: '000.00.01.H56' });
    const forwarded = await act(
      counter,
      dossier.id,
      'forward',
      { toStep: 'tra-cuu', note: 'Chuyển tra cứu' },
      current.etag,
    );
    expect(forwarded.body.step).toMatchObject({ id: 'tra-cuu', agency: '000.00.02.H56' });
    expect(Date.parse(forwarded.body.step!.dueAt)).toBeLessThan(Date.parse(forwarded.body.dueAt!));
    // The sender still sees it (it was there) but can no longer act on it (409); the next agency has it.
    expect((await call(local.stack, `/agency/dossiers/${dossier.id}`, { token: counter })).status).toBe(200);
    expect(
      problemOf(await act(counter, dossier.id, 'stop', { reason: 'x' }, forwarded.headers.get('etag')!)),
    ).toMatchObject({
      status: 409,
    });

    const department = await officer('000.00.02.H56');
    const police = await officer('000.00.05.H56');
    current = await view(department, dossier.id);
    const toPolice = await act(
      department,
      dossier.id,
      'forward',
      { toStep: 'xac-minh-cong-an' },
      current.etag,
    );
    expect(toPolice.body.step).toMatchObject({ agency: '000.00.05.H56' });
    current = await view(police, dossier.id);
    const back = await act(
      police,
      dossier.id,
      'return',
      { note: 'Thiếu thông tin nơi cư trú' },
      current.etag,
    );
    expect(back.body.step).toMatchObject({ id: 'tra-cuu', agency: '000.00.02.H56' });
    current = await view(department, dossier.id);
    // Back from the police: the department sends it there again once the address is known, then on to signing.
    const again = await act(department, dossier.id, 'forward', { toStep: 'xac-minh-cong-an' }, current.etag);
    expect(again.body.step).toMatchObject({ agency: '000.00.05.H56' });
    current = await view(police, dossier.id);
    const toSigning = await act(police, dossier.id, 'forward', { toStep: 'ky-cap' }, current.etag);
    expect(toSigning.body.step).toMatchObject({ id: 'ky-cap', agency: '000.00.02.H56' });
    expect((await view(department, dossier.id)).body.allowedActions).toContain('resolve');

    const all = await call<Page>(local.stack, '/agency/dossiers?view=all&pageSize=100', { token: police });
    expect(all.body.items.some((i) => i.id === dossier.id)).toBe(true);
    const history = await repository().history(dossier.id);
    expect(history.filter((e) => e.action === 'forward').map((e) => e.note)).toEqual([
      expect.stringMatching(/^step=tra-cuu agency=000\.00\.02\.H56 stepDue=.* Chuyển tra cứu$/),
      expect.stringMatching(/^step=xac-minh-cong-an /),
      expect.stringMatching(/^step=xac-minh-cong-an /),
      expect.stringMatching(/^step=ky-cap /),
    ]);
    expect(verifyChain(history)).toMatchObject({ valid: true });
  });
});
