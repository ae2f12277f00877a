// A merge by decree over HTTP: two communes merged into a third while their dossiers are at reception, in
// processing and waiting for a supplement; all of them go on to the end on the new unit, their history intact.
import { randomUUID } from 'node:crypto';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { jobId, runReorganisationPage, startReorganisation } from '../../functions/admin/reorganisation.js';
import type { Procedure } from '../../shared/catalog/model.js';
import { dynamoReorganisationMarks } from '../../functions/admin/reorganisation-marks.js';
import { dynamoCatalogAdminStore } from '../../shared/catalog/repository.js';
import { dynamoInbox } from '../../shared/dossier/repository.js';
import { differences, liveCounters, rebuiltCounters } from '../../shared/dossier/statistics-rebuild.js';
import { call, problemOf, useLocalStack } from '../support/local-stack.js';
import { attach, dossierRepositoryOf, eventually, PDF, quickApp, tokenFor } from '../support/dossiers.js';
import {
  actNow,
  officerToken,
  rewriteDossier,
  staffEtag,
  submittedDossier,
  verifiedResult,
} from '../support/workspace.js';

const local = useLocalStack({ app: quickApp });

const [A, B, C, D] = ['000.07.01.H56', '000.07.02.H56', '000.07.03.H56', '000.07.04.H56'];
const PROCEDURE = '9.000001';

interface Job {
  id: string;
  status: string;
  moved: number;
  left: number;
  proceduresChanged: number;
}
interface View {
  status: string;
  receivingUnit?: string;
  step: { id: string; agency: string } | null;
}

let admin: string;

const procedure = (agencies: [string, string]): Procedure => ({
  code: PROCEDURE,
  name: 'Chứng thực chữ ký (thử nghiệm sáp nhập)',
  field: 'Chứng thực',
  agencyCode: agencies[0],
  receivingUnit: agencies[0],
  serviceLevel: { onlineService: 'mot-phan', legacyLevel: 3 },
  processingDays: 2,
  fee: { amountVnd: 0 },
  requiredDocuments: [
    {
      type: 'giay-to',
      name: 'Giấy tờ cần chứng thực',
      mandatory: true,
      acceptedContentTypes: ['application/pdf'],
      maxSizeBytes: 1024 * 1024,
    },
  ],
  routingSteps: [
    { id: 'kiem-tra', name: 'Kiểm tra', agencyCode: agencies[0], workingDays: 1 },
    { id: 'ky', name: 'Ký chứng thực', agencyCode: agencies[1], workingDays: 1 },
  ],
  supplementPolicy: 'restart',
  autoAccept: false,
  result: 'Bản chứng thực',
  legalBasis: [],
});

const staffView = (token: string, id: string) => call<View>(local.stack, `/agency/dossiers/${id}`, { token });
const job = (id: string) => call<Job>(local.stack, `/admin/reorganisations/${id}`, { token: admin });
const finished = (id: string) =>
  eventually(async () => {
    const answer = await job(id);
    return answer.body.status === 'done' ? answer.body : undefined;
  }, 60_000);

/** Waits until the dossier is on the reception list the counter's officer sees. */
const onReceptionList = (counter: string, id: string) =>
  eventually(async () => {
    const waiting = await call<{ items: { id: string }[] }>(local.stack, '/reception', { token: counter });
    return waiting.body.items.some((d) => d.id === id);
  });

/** A dossier accepted at the counter of the procedure's receiving unit, at its first step. */
async function processingAt(counter: string, code = PROCEDURE) {
  const dossier = await submittedDossier(local.stack, code, ['giay-to']);
  await onReceptionList(counter, dossier.id);
  const accepted = await call(local.stack, `/reception/${dossier.id}/accept`, {
    method: 'POST',
    token: counter,
  });
  expect(accepted.status).toBe(200);
  await eventually(async () => (await staffView(counter, dossier.id)).body.status === 'processing');
  return dossier;
}

beforeAll(async () => {
  admin = await tokenFor(local.stack, `admin-${randomUUID()}`, 'admin');
  for (const [code, name] of [
    [A, 'Ủy ban nhân dân xã Bình Hòa'],
    [B, 'Ủy ban nhân dân xã Bình Thạnh'],
    [C, 'Ủy ban nhân dân xã Bình Hòa Thạnh'],
    [D, 'Ủy ban nhân dân xã Tân Hòa'],
  ]) {
    const put = await call(local.stack, `/admin/agencies/${code}`, {
      method: 'PUT',
      token: admin,
      json: { name, level: 'commune', parent: '000.00.00.H56' },
    });
    expect(put.status).toBe(201);
  }
  const put = await call(local.stack, `/admin/procedures/${PROCEDURE}`, {
    method: 'PUT',
    token: admin,
    json: procedure([A, B]),
  });
  expect(put.status).toBe(201);
}, 120_000);

describe('a merge of two communes into one', () => {
  it('moves dossiers at reception, in processing and waiting for a supplement, and they go on to the end', async () => {
    const counterA = await officerToken(local.stack, A);
    const atReception = await submittedDossier(local.stack, PROCEDURE, ['giay-to']);
    const inProcessing = await processingAt(counterA);
    const waiting = await processingAt(counterA);
    const asked = await actNow(local.stack, counterA, waiting.id, 'request-supplement', {
      checklist: [{ documentType: 'giay-to', description: 'Bản rõ nét hơn' }],
    });
    expect(asked.status).toBe(200);
    const askedAtCounter = await submittedDossier(local.stack, PROCEDURE, ['giay-to']);
    await onReceptionList(counterA, atReception.id);
    await onReceptionList(counterA, askedAtCounter.id);
    const askedThere = await call(local.stack, `/reception/${askedAtCounter.id}/request-supplement`, {
      method: 'POST',
      token: counterA,
      json: { checklist: [{ documentType: 'giay-to', description: 'Bản có chữ ký' }] },
    });
    expect(askedThere.status).toBe(200);

    // The merge starts while an officer of the old unit acts on one of its dossiers.
    const [started, acting] = await Promise.all([
      call<Job>(local.stack, '/admin/reorganisations', {
        method: 'POST',
        token: admin,
        json: { from: [A, B], into: C },
      }),
      actNow(local.stack, counterA, inProcessing.id, 'forward', { toStep: 'ky', note: 'Chuyển ký' }),
    ]);
    expect(started.status).toBe(202);
    expect(started.body.status).toBe('running');
    const done = await finished(started.body.id);
    expect(done).toMatchObject({ moved: 4, left: 0, proceduresChanged: 1 });

    // The officer's forward either went through before the move (and was moved with it) or was refused cleanly.
    expect([200, 409, 412]).toContain(acting.status);
    const history = async (dossier: { id: string; citizen: string }) =>
      (
        await call<{ events: { action: string; actor: { agency: string | null } }[] }>(
          local.stack,
          `/dossiers/${dossier.id}/history`,
          { token: dossier.citizen },
        )
      ).body.events.map((e) => e.action);
    const processingHistory = await history(inProcessing);
    expect(processingHistory.filter((a) => a === 'reassigned')).toHaveLength(1);
    expect(processingHistory.includes('forward')).toBe(acting.status === 200);

    // The old units are closed, merged into the new one; their officers are refused.
    const agencies = (
      await call<{ items: { code: string; active: boolean; mergedInto?: string }[] }>(
        local.stack,
        '/admin/agencies',
        { token: admin },
      )
    ).body.items;
    expect(agencies.filter((a) => a.code === A || a.code === B)).toEqual([
      expect.objectContaining({ code: A, active: false, mergedInto: C }),
      expect.objectContaining({ code: B, active: false, mergedInto: C }),
    ]);
    await eventually(
      async () => (await call(local.stack, '/agency/dossiers', { token: counterA })).status === 403,
    );
    const current = await call<{ agency: { code: string }; routingSteps: { agency: { code: string } }[] }>(
      local.stack,
      `/procedures/${PROCEDURE}`,
    );
    expect(current.body.agency.code).toBe(C);
    expect(current.body.routingSteps.map((s) => s.agency.code)).toEqual([C, C]);

    // On the new unit: the one at reception is accepted there, with its due date.
    const officerC = await officerToken(local.stack, C);
    const receptionC = await call<{ items: { id: string }[] }>(local.stack, '/reception', {
      token: officerC,
    });
    expect(receptionC.body.items.map((d) => d.id)).toContain(atReception.id);
    const accepted = await call<{ dueAt: string }>(local.stack, `/reception/${atReception.id}/accept`, {
      method: 'POST',
      token: officerC,
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body.dueAt).not.toBeNull();

    // The one in processing: its second step named the closed unit B, now C's.
    if ((await staffView(officerC, inProcessing.id)).body.step?.id === 'kiem-tra') {
      expect((await actNow(local.stack, officerC, inProcessing.id, 'forward', { toStep: 'ky' })).status).toBe(
        200,
      );
    }
    expect((await staffView(officerC, inProcessing.id)).body.step).toMatchObject({ id: 'ky', agency: C });

    // The one waiting for a supplement gets it and is back in processing, at the new unit.
    expect((await staffView(officerC, waiting.id)).body).toMatchObject({
      status: 'supplement-requested',
      step: { agency: C },
    });
    await attach(local.stack, waiting.citizen, waiting.id, 'giay-to', PDF);
    const supplemented = await call(local.stack, `/dossiers/${waiting.id}/supplement`, {
      method: 'POST',
      token: waiting.citizen,
    });
    expect(supplemented.status).toBe(200);
    expect((await staffView(officerC, waiting.id)).body).toMatchObject({
      status: 'processing',
      step: { agency: C },
    });
    expect(await history(waiting)).toContain('reassigned');

    // The one asked for a supplement at the counter comes back to the new unit's counter, which accepts it.
    await attach(local.stack, askedAtCounter.citizen, askedAtCounter.id, 'giay-to', PDF);
    const back = await call(local.stack, `/dossiers/${askedAtCounter.id}/supplement`, {
      method: 'POST',
      token: askedAtCounter.citizen,
    });
    expect(back.status).toBe(200);
    await onReceptionList(officerC, askedAtCounter.id);
    const acceptedThere = await call(local.stack, `/reception/${askedAtCounter.id}/accept`, {
      method: 'POST',
      token: officerC,
    });
    expect(acceptedThere.status).toBe(200);

    // All four are in C's workspace and go on to the end there: every step, a result, resolved, released.
    const all = await call<{ items: { id: string; step: { agency: string } | null }[] }>(
      local.stack,
      '/agency/dossiers?view=all&pageSize=100',
      { token: officerC },
    );
    const four = [atReception, inProcessing, waiting, askedAtCounter];
    expect(all.body.items.map((d) => d.id)).toEqual(expect.arrayContaining(four.map((d) => d.id)));
    for (const dossier of four) {
      if ((await staffView(officerC, dossier.id)).body.step?.id === 'kiem-tra') {
        const forwarded = await actNow(local.stack, officerC, dossier.id, 'forward', { toStep: 'ky' });
        expect(forwarded.status).toBe(200);
      }
      const resultId = await verifiedResult(local.stack, officerC, dossier.id);
      const resolved = await actNow(local.stack, officerC, dossier.id, 'resolve', { resultIds: [resultId] });
      expect(resolved.status).toBe(200);
      const released = await actNow(local.stack, officerC, dossier.id, 'release', { method: 'online' });
      expect(released.body.status).toBe('released');
    }

    // Each ended on time, on the new unit, its control sheet whole and its hash chain intact; the lookup shows it there.
    for (const dossier of four) {
      const sheet = await call<{ chainVerified: boolean; events: { action: string }[] }>(
        local.stack,
        `/dossiers/${dossier.id}/history`,
        { token: dossier.citizen },
      );
      expect(sheet.body.chainVerified).toBe(true);
      const actions = sheet.body.events.map((e) => e.action);
      expect(actions.filter((a) => a === 'reassigned').length).toBeLessThanOrEqual(1);
      expect(actions).toEqual(expect.arrayContaining(['accept', 'resolve', 'release']));
      const seen = await call<{
        status: string;
        dueAt: string;
        releasedAt: string;
        agency: { code: string };
      }>(local.stack, `/lookup/${dossier.code}?verifier=5678`);
      expect(seen.status).toBe(200);
      expect(seen.body).toMatchObject({ status: 'released', agency: { code: C } });
      expect(Date.parse(seen.body.releasedAt)).toBeLessThanOrEqual(Date.parse(seen.body.dueAt));
    }

    // The statistics: what A received before the merge stays A's; what was received and resolved after it is C's.
    const day = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
    const figures = (unit: string) =>
      call<{ total: Record<string, number> }>(
        local.stack,
        `/stats/on-time?agency=${unit}&procedure=${PROCEDURE}&from=${day}&to=${day}`,
      ).then((answer) => answer.body.total);
    await eventually(async () => (await figures(C)).released === 4);
    expect(await figures(A)).toMatchObject({ received: 2, resolvedEarly: 0, resolvedOnTime: 0, released: 0 });
    const atC = await figures(C);
    expect(atC).toMatchObject({ received: 2, resolvedLate: 0, released: 4, openInTime: 0, openOverdue: 0 });
    expect(atC.resolvedEarly! + atC.resolvedOnTime!).toBe(4);
    // stats:rebuild replays the histories to the same counters.
    const client = DynamoDBDocumentClient.from(local.stack.clients.dynamodb);
    const tables = {
      dossiers: local.stack.resources.env.TABLE_DOSSIERS!,
      statistics: local.stack.resources.env.TABLE_STATISTICS!,
    };
    const rebuilt = await rebuiltCounters(client, tables.dossiers, [A, B, C]);
    expect([...rebuilt.keys()].filter((key) => key.endsWith(`|${PROCEDURE}`)).length).toBeGreaterThan(0);
    const drift = differences(rebuilt, await liveCounters(client, tables, day, day), day, day);
    expect(drift.filter((difference) => difference.procedure === PROCEDURE)).toEqual([]);

    // Asked again, the same merge is the same job, and nothing changes.
    const again = await call<Job>(local.stack, '/admin/reorganisations', {
      method: 'POST',
      token: admin,
      json: { from: [B, A], into: C },
    });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: started.body.id, status: 'done', moved: 4 });
    expect((await history(waiting)).filter((a) => a === 'reassigned')).toHaveLength(1);
  });

  it('refuses a merge into a closed unit, into itself, or of a unit that does not exist', async () => {
    const into = await call(local.stack, '/admin/reorganisations', {
      method: 'POST',
      token: admin,
      json: { from: [D], into: A },
    });
    expect(problemOf(into)).toMatchObject({ status: 422, fields: ['body.into'] });
    const itself = await call(local.stack, '/admin/reorganisations', {
      method: 'POST',
      token: admin,
      json: { from: [D], into: D },
    });
    expect(problemOf(itself)).toMatchObject({ status: 400, fields: ['body.into'] });
    const unknown = await call(local.stack, '/admin/reorganisations', {
      method: 'POST',
      token: admin,
      json: { from: ['999.99.99.H56'], into: C },
    });
    expect(problemOf(unknown)).toMatchObject({ status: 422, fields: ['body.from.0'] });
    const shape = await call(local.stack, '/admin/reorganisations', {
      method: 'POST',
      token: admin,
      json: { from: 'x', into: 1, effectiveAt: 'soon' },
    });
    expect(problemOf(shape)).toMatchObject({
      status: 400,
      fields: expect.arrayContaining(['body.from', 'body.into', 'body.effectiveAt']),
    });
    expect(
      (await call(local.stack, `/admin/reorganisations/${'0'.repeat(32)}`, { token: admin })).status,
    ).toBe(404);
    // None of them started a job or wrote an audit entry.
    for (const [from, into] of [
      [[D], A],
      [[D], D],
      [['999.99.99.H56'], C],
    ] as const) {
      const named = await call(local.stack, `/admin/reorganisations/${jobId([...from], into, null)}`, {
        token: admin,
      });
      expect(named.status).toBe(404);
    }
    const audit = await call<{ items: { action: string; target: { code: string } }[] }>(
      local.stack,
      '/admin/audit?pageSize=100',
      { token: admin },
    );
    const starts = audit.body.items.filter((item) => item.action === 'reorganisation.start');
    expect(starts.map((item) => item.target.code)).toEqual([C]);
  });

  it('resumes a job killed mid-run: its page recorded, the next message lost, the merge asked again', async () => {
    // D's procedure and one open dossier at its counter.
    await call(local.stack, `/admin/procedures/9.000002`, {
      method: 'PUT',
      token: admin,
      json: { ...procedure([D, D]), code: '9.000002' },
    });
    const open = await submittedDossier(local.stack, '9.000002', ['giay-to']);
    const counterD = await officerToken(local.stack, D);
    await onReceptionList(counterD, open.id);

    // The run dies after each write, before its send: the job is stored, its first page done, and no message is left.
    const client = DynamoDBDocumentClient.from(local.stack.clients.dynamodb);
    const store = dynamoCatalogAdminStore(client, local.stack.resources.env.TABLE_CATALOG!);
    const lost = { send: async () => {} };
    const crashing = {
      store,
      queue: lost,
      now: () => Date.now(),
      dossiers: dossierRepositoryOf(local.stack),
      inboxes: dynamoInbox(client, local.stack.resources.env.TABLE_DOSSIERS!),
      marks: dynamoReorganisationMarks(client, local.stack.resources.env.TABLE_DOSSIERS!),
    };
    const caller = { subject: 'admin-crash', roles: ['admin'], agency: undefined, duties: [] };
    const { job: stalled } = await startReorganisation(crashing, caller, { from: [D], into: C });
    expect(await runReorganisationPage(crashing, stalled.id, 0)).toBe('processed');
    const midway = (await job(stalled.id)).body;
    expect(midway).toMatchObject({ status: 'running', moved: 1 });
    // A message for a page already done (SQS delivers at least once) changes nothing.
    expect(await runReorganisationPage(crashing, stalled.id, 0)).toBe('skipped');

    const resumed = await call<Job>(local.stack, '/admin/reorganisations', {
      method: 'POST',
      token: admin,
      json: { from: [D], into: C },
    });
    expect(resumed.status).toBe(200);
    expect(resumed.body.id).toBe(stalled.id);
    expect(await finished(stalled.id)).toMatchObject({ moved: 1, proceduresChanged: 1 });
    const officerC = await officerToken(local.stack, C);
    const receptionC = await call<{ items: { id: string }[] }>(local.stack, '/reception', {
      token: officerC,
    });
    expect(receptionC.body.items.map((d) => d.id)).toContain(open.id);
  });

  it('fails a job whose unit merged into was closed meanwhile, saying so', async () => {
    const [from, into] = ['000.07.05.H56', '000.07.06.H56'];
    for (const code of [from, into]) {
      await call(local.stack, `/admin/agencies/${code}`, {
        method: 'PUT',
        token: admin,
        json: { name: `Xã ${code}`, level: 'commune' },
      });
    }
    const client = DynamoDBDocumentClient.from(local.stack.clients.dynamodb);
    const deps = {
      store: dynamoCatalogAdminStore(client, local.stack.resources.env.TABLE_CATALOG!),
      queue: { send: async () => {} },
      now: () => Date.now(),
      dossiers: dossierRepositoryOf(local.stack),
      inboxes: dynamoInbox(client, local.stack.resources.env.TABLE_DOSSIERS!),
      marks: dynamoReorganisationMarks(client, local.stack.resources.env.TABLE_DOSSIERS!),
    };
    const caller = { subject: 'admin-fail', roles: ['admin'], agency: undefined, duties: [] };
    const { job: started } = await startReorganisation(deps, caller, { from: [from], into });
    const closed = await call(local.stack, `/admin/agencies/${into}`, { method: 'DELETE', token: admin });
    expect(closed.status).toBe(200);
    await runReorganisationPage(deps, started.id, 0);
    expect((await job(started.id)).body).toMatchObject({
      status: 'failed',
      failure: `${into} is no longer active`,
    });
    // Opened again, the same merge resumes where it stopped and finishes.
    await call(local.stack, `/admin/agencies/${into}`, {
      method: 'PUT',
      token: admin,
      json: { name: `Xã ${into}`, level: 'commune' },
    });
    const resumed = await call<Job>(local.stack, '/admin/reorganisations', {
      method: 'POST',
      token: admin,
      json: { from: [from], into },
    });
    expect(resumed.body).toMatchObject({ id: started.id, status: 'running' });
    expect(await finished(started.id)).toMatchObject({ status: 'done' });
  });
});

describe('a merge: its counts, its schedule and the dossiers still in the pipeline', () => {
  let units = 10;
  /** Two fresh communes and a procedure handled at the first: the units a test merges, and its procedure. */
  async function communesWithProcedure() {
    const [from, into] = [units, units + 1].map((n) => `000.07.${String(n).padStart(2, '0')}.H56`) as [
      string,
      string,
    ];
    const code = `9.0001${String(units).padStart(2, '0')}`;
    units += 2;
    for (const unit of [from, into]) {
      const put = await call(local.stack, `/admin/agencies/${unit}`, {
        method: 'PUT',
        token: admin,
        json: { name: `Xã ${unit}`, level: 'commune' },
      });
      expect(put.status).toBe(201);
    }
    const put = await call(local.stack, `/admin/procedures/${code}`, {
      method: 'PUT',
      token: admin,
      json: { ...procedure([from, from]), code },
    });
    expect(put.status).toBe(201);
    return { from, into, code };
  }
  async function atReception(code: string, unit: string) {
    const dossier = await submittedDossier(local.stack, code, ['giay-to']);
    await onReceptionList(await officerToken(local.stack, unit), dossier.id);
    return dossier;
  }
  /** The job's worker with a clock and a queue the test holds: each send is kept, and run when the test says. */
  function heldWorker(clock: { now: number }) {
    const client = DynamoDBDocumentClient.from(local.stack.clients.dynamodb);
    const sent: { page: number; delaySeconds?: number }[] = [];
    const deps = {
      store: dynamoCatalogAdminStore(client, local.stack.resources.env.TABLE_CATALOG!),
      queue: {
        send: async (_id: string, page: number, delaySeconds?: number) => {
          sent.push({ page, delaySeconds });
        },
      },
      now: () => clock.now,
      dossiers: dossierRepositoryOf(local.stack),
      inboxes: dynamoInbox(client, local.stack.resources.env.TABLE_DOSSIERS!),
      marks: dynamoReorganisationMarks(client, local.stack.resources.env.TABLE_DOSSIERS!),
    };
    /** Runs the pages the job asked for until it asks for none. */
    const drain = async (id: string) => {
      for (let message = sent.shift(); message; message = sent.shift())
        await runReorganisationPage(deps, id, message.page);
    };
    return { deps, sent, drain };
  }
  const caller = { subject: 'admin-held', roles: ['admin'], agency: undefined, duties: [] };
  const receivingUnitOf = async (id: string) =>
    (await dossierRepositoryOf(local.stack).get(id))!.receivingUnit;

  it('does nothing before its effectiveAt (asking again later), then moves the dossiers', async () => {
    const { from, into, code } = await communesWithProcedure();
    // A unit under the old one: it reports to the new one after the merge.
    const child = `000.08.${String(units).padStart(2, '0')}.H56`;
    const put = await call(local.stack, `/admin/agencies/${child}`, {
      method: 'PUT',
      token: admin,
      json: { name: `Điểm tiếp nhận ${child}`, level: 'commune', parent: from },
    });
    expect(put.status).toBe(201);
    const dossier = await atReception(code, from);
    const clock = { now: Date.now() };
    const worker = heldWorker(clock);
    const effectiveAt = new Date(clock.now + 3_600_000).toISOString();
    const { job } = await startReorganisation(worker.deps, caller, { from: [from], into, effectiveAt });
    // The first page is asked for as late as SQS can delay it (15 minutes), and then again until the time comes.
    expect(worker.sent).toEqual([{ page: 0, delaySeconds: 900 }]);
    worker.sent.length = 0;
    clock.now += 1_800_000;
    expect(await runReorganisationPage(worker.deps, job.id, 0)).toBe('skipped');
    expect(worker.sent).toEqual([{ page: 0, delaySeconds: 900 }]);
    expect(
      (await call<Job>(local.stack, `/admin/reorganisations/${job.id}`, { token: admin })).body,
    ).toMatchObject({
      status: 'running',
      pagesDone: 0,
      moved: 0,
      effectiveAt,
    });
    expect(await receivingUnitOf(dossier.id)).toBe(from);

    clock.now = Date.parse(effectiveAt) + 1_000;
    await worker.drain(job.id);
    expect(
      (await call<Job>(local.stack, `/admin/reorganisations/${job.id}`, { token: admin })).body,
    ).toMatchObject({
      status: 'done',
      moved: 1,
      left: 0,
      proceduresChanged: 1,
    });
    expect(await receivingUnitOf(dossier.id)).toBe(into);
    const listed = (
      await call<{ items: { code: string; parent?: string; active: boolean }[] }>(
        local.stack,
        '/admin/agencies',
        {
          token: admin,
        },
      )
    ).body.items;
    expect(listed.find((a) => a.code === child)).toMatchObject({ parent: into, active: true });
  });

  it('counts each dossier once, exactly, when a page is done again after a crash before its record', async () => {
    const { from, into, code } = await communesWithProcedure();
    const dossiers = [await atReception(code, from), await atReception(code, from)];
    const clock = { now: Date.now() };
    const worker = heldWorker(clock);
    const { job } = await startReorganisation(worker.deps, caller, { from: [from], into });
    worker.sent.length = 0;
    // The run dies after its moves, before it records the page: SQS delivers the page again.
    const crashing = {
      ...worker.deps,
      store: {
        ...worker.deps.store,
        saveJob: async () => {
          throw new Error('killed');
        },
      },
    };
    await expect(runReorganisationPage(crashing, job.id, 0)).rejects.toThrow('killed');
    for (const dossier of dossiers) expect(await receivingUnitOf(dossier.id)).toBe(into);
    expect(await runReorganisationPage(worker.deps, job.id, 0)).toBe('processed');
    expect(
      (await call<Job>(local.stack, `/admin/reorganisations/${job.id}`, { token: admin })).body,
    ).toMatchObject({
      moved: 2,
    });
    await worker.drain(job.id);
    // The second sweep after the units closed meets the same dossiers: they are not counted twice.
    const done = (await call<Job>(local.stack, `/admin/reorganisations/${job.id}`, { token: admin })).body;
    expect(done).toMatchObject({ status: 'done', moved: 2, left: 0 });
  });

  it('an officer who acts between the job reading a dossier and moving it keeps the update: the job reads it again', async () => {
    const { from, into, code } = await communesWithProcedure();
    const counter = await officerToken(local.stack, from);
    const dossier = await processingAt(counter, code);
    const staleEtag = await staffEtag(local.stack, counter, dossier.id);

    const clock = { now: Date.now() };
    const worker = heldWorker(clock);
    let reads = 0;
    const racing = {
      ...worker.deps,
      dossiers: {
        ...worker.deps.dossiers,
        get: async (id: string) => {
          const read = await worker.deps.dossiers.get(id);
          if (id === dossier.id && (reads += 1) === 1) {
            // The officer forwards it after the job read it and before the job writes its move.
            const forwarded = await actNow(local.stack, counter, dossier.id, 'forward', {
              toStep: 'ky',
              note: 'Chuyển ký',
            });
            expect(forwarded.status).toBe(200);
          }
          return read;
        },
      },
    };
    const { job } = await startReorganisation(racing, caller, { from: [from], into });
    for (let message = worker.sent.shift(); message; message = worker.sent.shift()) {
      clock.now += 3_600_000;
      await runReorganisationPage(racing, job.id, message.page);
    }
    expect(reads).toBeGreaterThanOrEqual(2);
    expect(
      (await call<Job>(local.stack, `/admin/reorganisations/${job.id}`, { token: admin })).body,
    ).toMatchObject({
      status: 'done',
      moved: 1,
    });
    const officer = await officerToken(local.stack, into);
    expect((await staffView(officer, dossier.id)).body).toMatchObject({
      status: 'processing',
      step: { id: 'ky', agency: into },
    });
    const actions = async () =>
      (
        await call<{ events: { action: string }[] }>(local.stack, `/dossiers/${dossier.id}/history`, {
          token: dossier.citizen,
        })
      ).body.events.map((e) => e.action);
    const before = await actions();
    expect(before.filter((a) => a === 'forward' || a === 'reassigned')).toEqual(['forward', 'reassigned']);

    // An action on the version read before both is refused, and writes nothing.
    const stale = await call(local.stack, `/agency/dossiers/${dossier.id}/return`, {
      method: 'POST',
      token: counter,
      json: { note: 'Trả lại' },
      headers: { 'if-match': staleEtag },
    });
    expect(stale.status).toBe(412);
    expect(await actions()).toEqual(before);
  });

  it('a dossier still in intake while its unit is merged ends on the new unit, saying why', async () => {
    const { from, into, code } = await communesWithProcedure();
    const dossier = await atReception(code, from);
    // As if the intake stage had not reached it yet when the merge ran: none of the old unit's lists shows it.
    await rewriteDossier(local.stack, dossier.id, (current) => ({ ...current, pendingStage: 'intake' }));
    const started = await call<Job>(local.stack, '/admin/reorganisations', {
      method: 'POST',
      token: admin,
      json: { from: [from], into },
    });
    expect(await finished(started.body.id)).toMatchObject({ moved: 0 });
    expect(await receivingUnitOf(dossier.id)).toBe(from);

    await local.stack.clients.sqs.send(
      new SendMessageCommand({
        QueueUrl: local.stack.resources.env.QUEUE_INTAKE_URL!,
        MessageBody: JSON.stringify({ dossierId: dossier.id, stage: 'intake' }),
      }),
    );
    const counter = await officerToken(local.stack, into);
    await onReceptionList(counter, dossier.id);
    expect(await receivingUnitOf(dossier.id)).toBe(into);
    const events = (
      await call<{ events: { action: string }[] }>(local.stack, `/dossiers/${dossier.id}/history`, {
        token: dossier.citizen,
      })
    ).body.events.map((e) => e.action);
    expect(events).toContain('reassigned');
    const accepted = await call(local.stack, `/reception/${dossier.id}/accept`, {
      method: 'POST',
      token: counter,
    });
    expect(accepted.status).toBe(200);
  });
});
