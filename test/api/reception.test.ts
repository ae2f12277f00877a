// Reception over HTTP: a dossier the pipeline cannot accept waits for an officer of its receiving unit, who
// accepts it (routing, notification and receipt follow) or refuses it with a reason the applicant is told.
import { describe, expect, it } from 'vitest';
import { verifyChain } from '../../shared/domain/dossier/history.js';
import { call, problemOf, useLocalStack } from '../support/local-stack.js';
import {
  application,
  attach,
  createDossier,
  dossierRepositoryOf,
  eventually,
  outboxOf,
  PNG,
  quickApp,
  tokenFor,
  type DossierBody,
} from '../support/dossiers.js';
import { pdfLines } from '../support/pdf-text.js';
import { issuedForm } from '../support/forms.js';

const local = useLocalStack({ app: quickApp });
const repository = () => dossierRepositoryOf(local.stack);
const outboxFor = (code: string) => outboxOf(local.stack, code);
/** Certified copies: no auto-accept, received by the commune-level unit. */
const PROCEDURE = '2.000815';
const UNIT = '000.01.00.H56';

/** A submitted certified-copy dossier, once intake has left it to reception. */
async function waitingDossier(citizen: string) {
  const created = await createDossier(local.stack, citizen, application({ procedureCode: PROCEDURE }));
  await attach(local.stack, citizen, created.body.id, 'ban-chinh', PNG, {
    contentType: 'image/png',
    fileName: 'so-do.png',
  });
  const submitted = await call<DossierBody>(local.stack, `/dossiers/${created.body.id}/submit`, {
    method: 'POST',
    token: citizen,
  });
  expect(submitted.status).toBe(200);
  await eventually(async () => outboxFor(submitted.body.code!).some((m) => m.event === 'submitted'));
  return submitted.body;
}

type Page = { items: DossierBody[]; nextCursor: string | null };

describe('reception', () => {
  it('refuses every decision by an officer on a dossier they applied for (403), leaving it waiting', async () => {
    const subject = `person-${Date.now()}`;
    const dossier = await waitingDossier(await tokenFor(local.stack, subject));
    const self = await tokenFor(local.stack, subject, 'officer', UNIT);
    for (const [action, json] of [
      ['accept', undefined],
      ['refuse', { reason: 'Thiếu giấy tờ' }],
      ['request-supplement', { checklist: [{ description: 'Bản sao sổ hộ khẩu' }] }],
    ] as const) {
      const answer = await call(local.stack, `/reception/${dossier.id}/${action}`, {
        method: 'POST',
        token: self,
        ...(json ? { json } : {}),
      });
      expect(problemOf(answer), action).toMatchObject({ status: 403 });
    }
    const stored = await repository().get(dossier.id);
    expect(stored).toMatchObject({ status: 'submitted', pendingStage: 'reception' });
  });

  it('takes reception decisions only from officers with the receiving duty', async () => {
    const dossier = await waitingDossier(await tokenFor(local.stack));
    const minted = await call<{ token: string }>(local.stack, '/dev/tokens', {
      method: 'POST',
      json: {
        role: 'officer',
        subject: `specialist-${Date.now()}`,
        agency: UNIT,
        duties: ['process', 'approve'],
      },
    });
    const listed = await call(local.stack, '/reception', { token: minted.body.token });
    expect(problemOf(listed)).toMatchObject({ status: 403 });
    const accepted = await call(local.stack, `/reception/${dossier.id}/accept`, {
      method: 'POST',
      token: minted.body.token,
    });
    expect(problemOf(accepted)).toMatchObject({ status: 403 });
    expect(await repository().get(dossier.id)).toMatchObject({ status: 'submitted' });
  });

  it("refuses an officer whose token carries the applicant's citizen ID, under another subject", async () => {
    const dossier = await waitingDossier(await tokenFor(local.stack));
    const minted = await call<{ token: string }>(local.stack, '/dev/tokens', {
      method: 'POST',
      json: { role: 'officer', subject: `officer-${Date.now()}`, agency: UNIT, citizenId: '079203001234' },
    });
    const answer = await call(local.stack, `/reception/${dossier.id}/accept`, {
      method: 'POST',
      token: minted.body.token,
    });
    expect(problemOf(answer)).toMatchObject({ status: 403 });
  });

  it('lists waiting dossiers to officers of the receiving unit only, oldest first, with a cursor', async () => {
    const citizen = await tokenFor(local.stack);
    const first = await waitingDossier(citizen);
    const second = await waitingDossier(citizen);
    const officer = await tokenFor(local.stack, 'officer-list', 'officer', UNIT);

    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: Page } = await call<Page>(
        local.stack,
        `/reception?pageSize=1${cursor ? `&cursor=${cursor}` : ''}`,
        { token: officer },
      );
      expect(page.status).toBe(200);
      ids.push(...page.body.items.map((d) => d.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(ids.indexOf(first.id)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(second.id)).toBeGreaterThan(ids.indexOf(first.id));

    const elsewhere = await tokenFor(local.stack, 'officer-elsewhere', 'officer', '000.00.05.H56');
    const theirs = await call<Page>(local.stack, '/reception', { token: elsewhere });
    expect(theirs.body.items.map((d) => d.id)).not.toContain(first.id);
    const noUnit = await call(local.stack, '/reception', {
      token: await tokenFor(local.stack, 'officer-no-unit', 'officer'),
    });
    expect(noUnit.status).toBe(403);
    expect(problemOf(noUnit).type).toMatch(/forbidden/);
    expect((await call(local.stack, '/reception', { token: citizen })).status).toBe(403);
    const forged = await call(local.stack, `/reception?cursor=${encodeURIComponent('eyJ4IjoxfQ')}`, {
      token: officer,
    });
    expect(forged.status).toBe(400);
  });

  it('accepts at the first step: due date, the step, then the "received" notification and the receipt', async () => {
    const citizen = await tokenFor(local.stack);
    const waiting = await waitingDossier(citizen);
    const officer = await tokenFor(local.stack, 'officer-accept', 'officer', UNIT, 'Trần Văn Minh');

    const elsewhere = await tokenFor(local.stack, 'officer-other', 'officer', '000.00.05.H56');
    expect(
      (await call(local.stack, `/reception/${waiting.id}/accept`, { method: 'POST', token: elsewhere }))
        .status,
    ).toBe(404);

    const accepted = await call<DossierBody>(local.stack, `/reception/${waiting.id}/accept`, {
      method: 'POST',
      token: officer,
    });
    expect(accepted.status).toBe(200);
    // Accepted and at its first step in the same commit: the step's agency has it in its inbox at once.
    expect(accepted.body.status).toBe('processing');
    expect(accepted.body.nationalStatus?.code).toBe(4);
    expect(accepted.body.dueAt).toMatch(/T10:00:00.000Z$/); // 17:00 in Vietnam
    expect(JSON.stringify(accepted.body)).not.toMatch(/079203001234|0912345678/);

    const again = await call(local.stack, `/reception/${waiting.id}/accept`, {
      method: 'POST',
      token: officer,
    });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toMatch(/application\/problem\+json/);

    const received = await eventually(async () =>
      outboxFor(waiting.code!).find((m) => m.event === 'received'),
    );
    expect(received.params.dueDate).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    const receipt = await issuedForm(local.stack, citizen, `/dossiers/${waiting.id}/receipt.pdf`);
    const text = pdfLines(receipt.pdf).map((l) => l.text);
    expect(text.slice(text.indexOf('NGƯỜI TIẾP NHẬN HỒ SƠ'))).toContain('Trần Văn Minh');
    expect(text).toContain(`Số: ${waiting.code}`);

    const history = await repository().history(waiting.id);
    const acceptance = history.find((e) => e.action === 'accept');
    expect(acceptance?.actor).toEqual({
      id: 'officer-accept',
      role: 'officer',
      agency: UNIT,
      name: 'Trần Văn Minh',
    });
    expect(verifyChain(history).valid).toBe(true);
    const listed = await call<Page>(local.stack, '/reception?pageSize=100', { token: officer });
    expect(listed.body.items.map((d) => d.id)).not.toContain(waiting.id);
  });

  it('refuses with a reason the applicant is told, and checks the reason', async () => {
    const citizen = await tokenFor(local.stack);
    const waiting = await waitingDossier(citizen);
    const officer = await tokenFor(local.stack, 'officer-refuse', 'officer', UNIT);

    const missing = await call(local.stack, `/reception/${waiting.id}/refuse`, {
      method: 'POST',
      token: officer,
      json: {},
      language: 'en',
    });
    expect(missing.status).toBe(400);
    expect(problemOf(missing).fields).toContain('body.reason');
    const notJson = await call(local.stack, `/reception/${waiting.id}/refuse`, {
      method: 'POST',
      token: officer,
      body: '{"reason":',
      headers: { 'content-type': 'application/json' },
    });
    expect(notJson.status).toBe(400);

    const reason = 'Bản chính không rõ nét, không đối chiếu được';
    const refused = await call<DossierBody>(local.stack, `/reception/${waiting.id}/refuse`, {
      method: 'POST',
      token: officer,
      json: { reason },
    });
    expect(refused.status).toBe(200);
    expect(refused.body.status).toBe('refused');
    expect(refused.body.nationalStatus?.code).toBe(3);
    const told = await eventually(async () => outboxFor(waiting.code!).find((m) => m.event === 'refused'));
    expect(told.params.reason).toBe(reason);
    expect(told.rendered.text).toContain(reason);

    const late = await call(local.stack, `/reception/${waiting.id}/accept`, {
      method: 'POST',
      token: officer,
    });
    expect(late.status).toBe(409);
  });

  it('asks once for a supplement; the applicant adds it and resubmits, and the dossier is back at reception', async () => {
    const citizen = await tokenFor(local.stack);
    const waiting = await waitingDossier(citizen);
    const officer = await tokenFor(local.stack, 'officer-supplement', 'officer', UNIT);
    const path = `/reception/${waiting.id}/request-supplement`;

    const unknownType = await call(local.stack, path, {
      method: 'POST',
      token: officer,
      json: { checklist: [{ documentType: 'giay-khong-co', description: 'Giấy không có' }] },
    });
    expect(unknownType.status).toBe(422);
    expect(problemOf(unknownType).fields).toContain('body.checklist.0.documentType');
    const empty = await call(local.stack, path, { method: 'POST', token: officer, json: { checklist: [] } });
    expect(empty.status).toBe(400);

    const checklist = [{ documentType: 'ban-chinh', description: 'Bản chính chụp rõ cả hai mặt' }];
    const asked = await call<DossierBody & { supplementRequest: { checklist: unknown[] } }>(
      local.stack,
      path,
      {
        method: 'POST',
        token: officer,
        json: { checklist },
      },
    );
    expect(asked.status).toBe(200);
    expect(asked.body.status).toBe('supplement-requested');
    expect(asked.body.nationalStatus?.code).toBe(5);
    const told = await eventually(async () =>
      outboxFor(waiting.code!).find((m) => m.event === 'supplement-requested'),
    );
    expect(told.rendered.text).toContain('Bản chính chụp rõ cả hai mặt');
    const seen = await call<{ supplementRequest: { checklist: unknown[] } | null }>(
      local.stack,
      `/dossiers/${waiting.id}`,
      { token: citizen },
    );
    expect(seen.body.supplementRequest?.checklist).toEqual(checklist);
    expect(
      (await call(local.stack, path, { method: 'POST', token: officer, json: { checklist } })).status,
    ).toBe(409);

    const tooEarly = await call(local.stack, `/dossiers/${waiting.id}/supplement`, {
      method: 'POST',
      token: citizen,
    });
    expect(tooEarly.status).toBe(422);
    const { completed } = await attach(local.stack, citizen, waiting.id, 'ban-chinh', PNG, {
      contentType: 'image/png',
      fileName: 'ban-chinh-ro.png',
    });
    expect(completed?.status).toBe(200);
    const resubmitted = await call<DossierBody>(local.stack, `/dossiers/${waiting.id}/supplement`, {
      method: 'POST',
      token: citizen,
    });
    expect(resubmitted.status).toBe(200);
    expect(resubmitted.body.status).toBe('submitted');
    const back = await call<Page>(local.stack, '/reception?pageSize=100', { token: officer });
    expect(back.body.items.map((d) => d.id)).toContain(waiting.id);
    const someoneElse = await call(local.stack, `/dossiers/${waiting.id}/supplement`, {
      method: 'POST',
      token: await tokenFor(local.stack),
    });
    expect(someoneElse.status).toBe(404);

    const accepted = await call<DossierBody>(local.stack, `/reception/${waiting.id}/accept`, {
      method: 'POST',
      token: officer,
    });
    expect(accepted.status).toBe(200);
    const history = await repository().history(waiting.id);
    expect(history.map((e) => e.action)).toEqual(
      expect.arrayContaining(['request-supplement', 'receive-supplement', 'accept']),
    );
    expect(verifyChain(history).valid).toBe(true);
  });

  it('does not let an officer act on a dossier that never reached reception', async () => {
    const citizen = await tokenFor(local.stack);
    const draft = await createDossier(local.stack, citizen, application({ procedureCode: PROCEDURE }));
    const officer = await tokenFor(local.stack, 'officer-draft', 'officer', UNIT);
    const answer = await call(local.stack, `/reception/${draft.body.id}/accept`, {
      method: 'POST',
      token: officer,
    });
    expect(answer.status).toBe(404);
    expect(
      (await call(local.stack, '/reception/not-a-uuid/accept', { method: 'POST', token: officer })).status,
    ).toBe(400);
  });
});
