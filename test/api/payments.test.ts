// Online fee payment over HTTP: the applicant starts a payment on the national payment platform (the local fake),
// the platform's callback is verified and recorded once per transaction, and the QUERY reconciliation finds a
// payment whose callback was lost.
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  callbackMessage,
  INIT_FIELDS,
  platformTime,
  signedBy,
  type CallbackMessage,
} from '../../shared/adapters/payment-platform.js';
import { dynamoPaymentRepository } from '../../shared/adapters/payment-repository.js';
import { verifyChain } from '../../shared/domain/dossier/history.js';
import { LOCAL_PAYMENT_PLATFORM } from '../../local/payment-platform.js';
import { call, problemOf, useLocalStack } from '../support/local-stack.js';
import { dossierRepositoryOf, eventually, outboxOf, quickApp, tokenFor } from '../support/dossiers.js';
import { actNow, BIRTH, officerToken, processingBirth } from '../support/workspace.js';

const local = useLocalStack({ app: quickApp });
const FEE = 8000;
const { secret, partnerCode } = LOCAL_PAYMENT_PLATFORM;

const payments = () =>
  dynamoPaymentRepository(
    DynamoDBDocumentClient.from(local.stack.clients.dynamodb),
    local.stack.resources.env.TABLE_DOSSIERS!,
  );

type Started = { paymentId: string; reference: string; amountVnd: number; redirectUrl: string };
type Settled = { paymentId: string; reference: string; outcome: string; replayed: boolean };

/** A birth registration billed FEE đồng, waiting for the applicant's payment (status 6). */
async function feeRequested() {
  const dossier = await processingBirth(local.stack);
  const officer = await officerToken(local.stack, BIRTH.agency);
  const billed = await actNow(local.stack, officer, dossier.id, 'request-fee', {
    items: [
      { name: 'Lệ phí', amountVnd: FEE - 3000 },
      { name: 'Phí bản sao', amountVnd: 3000 },
    ],
  });
  expect(billed.status).toBe(200);
  return dossier;
}

const start = (citizen: string, id: string, language = 'vi') =>
  call<Started>(local.stack, `/dossiers/${id}/payments`, { method: 'POST', token: citizen, language });

async function started() {
  const dossier = await feeRequested();
  const payment = await start(dossier.citizen, dossier.id);
  expect(payment.status, JSON.stringify(payment.body)).toBe(201);
  return { ...dossier, payment: payment.body };
}

let transactions = 0;
const callbackFor = (reference: string, changes: Partial<CallbackMessage> = {}) => {
  const { MaXacThuc: _ignored, ...fields } = {
    LoaiBanTin: 'PAYMENT',
    MaLoi: '00',
    MaDoiTac: partnerCode,
    MaThamChieu: reference,
    SoTien: String(FEE),
    MaTienTe: 'VND',
    MaGiaoDich: `TEST${Date.now()}${(transactions += 1)}`,
    ThoiGianGD: platformTime(Date.now()),
    ...changes,
  };
  return callbackMessage(fields, secret);
};

const postCallback = (message: unknown, language?: string) =>
  call<Settled>(local.stack, '/webhooks/payment', {
    method: 'POST',
    json: message,
    ...(language ? { language } : {}),
  });

const dossierOf = (id: string) => dossierRepositoryOf(local.stack).get(id);

describe('POST /dossiers/{id}/payments', () => {
  it('answers the platform page built from a signed INIT message for the requested total', async () => {
    const { payment, code } = await started();
    expect(payment.amountVnd).toBe(FEE);
    expect(payment.reference.startsWith(`${code}-`)).toBe(true);
    const init = Object.fromEntries(new URL(payment.redirectUrl).searchParams);
    expect(init).toMatchObject({
      LoaiBanTin: 'INIT',
      MaDoiTac: partnerCode,
      MaThamChieu: payment.reference,
      SoTien: String(FEE),
      MaTienTe: 'VND',
      NgonNgu: 'vi',
    });
    expect(init.ThoiGianGD).toMatch(/^[0-9]{14}$/);
    expect(signedBy(INIT_FIELDS, init, secret, init.MaXacThuc!)).toBe(true);
    expect(signedBy(INIT_FIELDS, { ...init, SoTien: '1' }, secret, init.MaXacThuc!)).toBe(false);
    // The local platform's page accepts it.
    const page = await fetch(payment.redirectUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(payment.reference);
  });

  it('gives every payment its own reference', async () => {
    const dossier = await feeRequested();
    const answers = await Promise.all(Array.from({ length: 5 }, () => start(dossier.citizen, dossier.id)));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(answers.map((a) => a.body.reference)).size).toBe(5);
  });

  it('refuses a dossier with no fee awaiting payment (409) and hides other applicants’ dossiers (404)', async () => {
    const processing = await processingBirth(local.stack);
    const refused = await start(processing.citizen, processing.id, 'en');
    expect(problemOf(refused)).toMatchObject({ status: 409, contentType: 'application/problem+json' });
    const billed = await feeRequested();
    const stranger = await tokenFor(local.stack);
    expect((await start(stranger, billed.id)).status).toBe(404);
  });
});

describe('POST /webhooks/payment', () => {
  it('moves the dossier back to processing with a history event and the receipt reference', async () => {
    const { id, payment } = await started();
    const message = callbackFor(payment.reference);
    const answer = await postCallback(message);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toEqual({
      paymentId: payment.paymentId,
      reference: payment.reference,
      outcome: 'paid',
      replayed: false,
    });
    const dossier = (await dossierOf(id))!;
    expect(dossier.status).toBe('processing');
    expect(dossier.fee?.payment).toMatchObject({ reference: message.MaGiaoDich, method: 'online' });
    const history = await dossierRepositoryOf(local.stack).history(id);
    const confirmed = history.filter((e) => e.action === 'confirm-payment');
    expect(confirmed).toHaveLength(1);
    expect(confirmed[0]).toMatchObject({
      from: 'fee-requested',
      to: 'processing',
      actor: { role: 'system' },
    });
    expect(verifyChain(history)).toMatchObject({ valid: true });
    expect(await payments().get(payment.reference)).toMatchObject({
      status: 'paid',
      transactionId: message.MaGiaoDich,
    });
    // The applicant is told, with the platform's transaction as the receipt reference.
    const told = await eventually(async () =>
      outboxOf(local.stack, dossier.code!).find((m) => m.event === 'fee-paid'),
    );
    expect(told.rendered.text).toContain(message.MaGiaoDich);
    expect(told.rendered.text).toMatch(/^Đã ghi nhận phí, lệ phí của hồ sơ /);
  });

  it('takes a payment through the local platform page, as an `npm start` user does', async () => {
    const { id, payment } = await started();
    const form = new URLSearchParams({
      ...Object.fromEntries(new URL(payment.redirectUrl).searchParams),
      choice: 'paid',
    });
    const paid = await fetch(`${local.stack.url}/dev/payment-platform/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
    });
    expect(paid.status).toBe(200);
    expect(await paid.text()).toContain('200');
    expect((await dossierOf(id))!.status).toBe('processing');
  });

  it('refuses a wrong MaXacThuc with 401 and changes nothing', async () => {
    const { id, payment } = await started();
    const forged = { ...callbackFor(payment.reference), MaXacThuc: callbackFor('x').MaXacThuc };
    const tampered = { ...callbackFor(payment.reference), SoTien: '1' };
    for (const message of [forged, tampered]) {
      const answer = await postCallback(message, 'en');
      expect(problemOf(answer)).toMatchObject({ status: 401, fields: ['body.MaXacThuc'] });
    }
    expect((await dossierOf(id))!.status).toBe('fee-requested');
    expect(await payments().get(payment.reference)).toMatchObject({ status: 'pending' });
    expect(await payments().transaction(forged.MaGiaoDich)).toBeNull();
  });

  it('records a replayed transaction once, even when the replays arrive together', async () => {
    const { id, payment } = await started();
    const message = callbackFor(payment.reference);
    const answers = await Promise.all(Array.from({ length: 6 }, () => postCallback(message)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(answers.every((a) => a.body.outcome === 'paid')).toBe(true);
    expect(answers.filter((a) => !a.body.replayed)).toHaveLength(1);
    const later = await postCallback(message);
    expect(later.body).toMatchObject({ outcome: 'paid', replayed: true });
    const history = await dossierRepositoryOf(local.stack).history(id);
    expect(history.filter((e) => e.action === 'confirm-payment')).toHaveLength(1);
  });

  it('lets exactly one of an online payment and a payment at the counter move the dossier', async () => {
    const { id, payment } = await started();
    const counter = await officerToken(local.stack, BIRTH.agency);
    const etag = (await call(local.stack, `/agency/dossiers/${id}`, { token: counter })).headers.get('etag')!;
    const [online, atCounter] = await Promise.all([
      postCallback(callbackFor(payment.reference)),
      call(local.stack, `/agency/dossiers/${id}/confirm-payment`, {
        method: 'POST',
        token: counter,
        json: { reference: 'BL-0001', method: 'counter' },
        headers: { 'if-match': etag },
      }),
    ]);
    expect(online.status).toBe(200);
    expect(online.body.outcome).toBe('paid');
    expect([200, 409, 412]).toContain(atCounter.status);
    const history = await dossierRepositoryOf(local.stack).history(id);
    expect(history.filter((e) => e.action === 'confirm-payment')).toHaveLength(1);
    expect((await dossierOf(id))!.status).toBe('processing');
    // Paid online after the counter took the fee: kept, marked for a refund.
    const recorded = await payments().get(payment.reference);
    expect(recorded).toMatchObject({ status: 'paid' });
    expect(Boolean(recorded!.dossierNotAwaiting)).toBe(atCounter.status === 200);
  });

  it('keeps a wrong amount for reconciliation and leaves the dossier waiting', async () => {
    const { id, payment } = await started();
    const answer = await postCallback(callbackFor(payment.reference, { SoTien: String(FEE - 1) }));
    expect(answer.status).toBe(200);
    expect(answer.body.outcome).toBe('amount-mismatch');
    expect((await dossierOf(id))!.status).toBe('fee-requested');
    expect(await payments().get(payment.reference)).toMatchObject({
      status: 'amount-mismatch',
      amountVnd: FEE,
      receivedAmountVnd: FEE - 1,
    });
  });

  it('records a failure code and lets the applicant start again', async () => {
    const dossier = await started();
    const failed = await postCallback(callbackFor(dossier.payment.reference, { MaLoi: '12' }));
    expect(failed.body.outcome).toBe('failed');
    expect((await dossierOf(dossier.id))!.status).toBe('fee-requested');
    expect(await payments().get(dossier.payment.reference)).toMatchObject({
      status: 'failed',
      failureCode: '12',
    });
    // A success reported later on the failed payment is kept apart, for reconciliation.
    const late = await postCallback(callbackFor(dossier.payment.reference));
    expect(late.body.outcome).toBe('not-pending');
    const again = await start(dossier.citizen, dossier.id);
    expect(again.status).toBe(201);
    expect((await postCallback(callbackFor(again.body.reference))).body.outcome).toBe('paid');
  });

  it('answers 404 for an unknown reference and 409 for a callback before any INIT', async () => {
    const unknown = await postCallback(callbackFor('NO-SUCH-REFERENCE'), 'en');
    expect(problemOf(unknown)).toMatchObject({ status: 404, contentType: 'application/problem+json' });
    const { code, id } = await feeRequested();
    const early = await postCallback(callbackFor(`${code}-ABCDEFGH`));
    expect(problemOf(early)).toMatchObject({ status: 409 });
    expect((await dossierOf(id))!.status).toBe('fee-requested');
  });

  it('names the field of a malformed callback the platform signed, in the caller’s language', async () => {
    const { MaXacThuc: _mac, MaGiaoDich: _dropped, ...incomplete } = callbackFor('ANY');
    const english = await postCallback(callbackMessage(incomplete as never, secret), 'en');
    expect(problemOf(english)).toMatchObject({ status: 400, fields: ['body.MaGiaoDich'] });
    expect(english.headers.get('content-language')).toBe('en');
    const { MaXacThuc: _other, ...fields } = callbackFor('ANY', { SoTien: 'tám nghìn' });
    const vietnamese = await postCallback(callbackMessage(fields, secret), 'vi');
    expect(problemOf(vietnamese)).toMatchObject({ status: 400, fields: ['body.SoTien'] });
    expect(vietnamese.headers.get('content-language')).toBe('vi');
    // Unsigned, it is refused before its shape is looked at.
    expect(problemOf(await postCallback({ SoTien: 'tám nghìn' }))).toMatchObject({ status: 401 });
  });

  it('refuses a message for another partner code', async () => {
    const { payment } = await started();
    const answer = await postCallback(callbackFor(payment.reference, { MaDoiTac: 'OTHER' }));
    expect(problemOf(answer)).toMatchObject({ status: 422, fields: ['body.MaDoiTac'] });
  });
});

/** Moves a payment's start back, as if it had waited that long. */
async function startedMinutesAgo(reference: string, minutes: number) {
  const at = new Date(Date.now() - minutes * 60_000).toISOString();
  await DynamoDBDocumentClient.from(local.stack.clients.dynamodb).send(
    new UpdateCommand({
      TableName: local.stack.resources.env.TABLE_DOSSIERS!,
      Key: { pk: `PAYMENT#${reference}`, sk: '#' },
      UpdateExpression: 'SET payment.createdAt = :at, pendingSince = :at',
      ExpressionAttributeValues: { ':at': at },
    }),
  );
}

const pendingSinceOf = async (reference: string) =>
  (
    await DynamoDBDocumentClient.from(local.stack.clients.dynamodb).send(
      new GetCommand({
        TableName: local.stack.resources.env.TABLE_DOSSIERS!,
        Key: { pk: `PAYMENT#${reference}`, sk: '#' },
      }),
    )
  ).Item?.pendingSince as string;

describe('QUERY reconciliation', () => {
  it('puts a payment the platform has no outcome for at the back of the line', async () => {
    const abandoned = await started();
    await startedMinutesAgo(abandoned.payment.reference, 30);
    const before = await pendingSinceOf(abandoned.payment.reference);
    await local.stack.runSchedule('reconcilePayments');
    expect(await payments().get(abandoned.payment.reference)).toMatchObject({ status: 'pending' });
    expect((await pendingSinceOf(abandoned.payment.reference)) > before).toBe(true);
    expect(Date.parse(await pendingSinceOf(abandoned.payment.reference))).toBeGreaterThan(
      Date.now() - 60_000,
    );
    expect((await dossierOf(abandoned.id))!.status).toBe('fee-requested');
  });

  it('settles a payment pending over 15 minutes whose callback was lost, and leaves fresh ones alone', async () => {
    const lost = await started();
    const fresh = await started();
    for (const payment of [lost.payment, fresh.payment]) {
      const form = new URLSearchParams({
        ...Object.fromEntries(new URL(payment.redirectUrl).searchParams),
        choice: 'paid-callback-lost',
      });
      const paid = await fetch(`${local.stack.url}/dev/payment-platform/pay`, { method: 'POST', body: form });
      expect(paid.status).toBe(200);
    }
    await startedMinutesAgo(lost.payment.reference, 20);
    const summary = (await local.stack.runSchedule('reconcilePayments')) as { settled: number };
    expect(summary.settled).toBeGreaterThanOrEqual(1);
    expect((await dossierOf(lost.id))!.status).toBe('processing');
    expect(await payments().get(lost.payment.reference)).toMatchObject({ status: 'paid' });
    expect((await dossierOf(fresh.id))!.status).toBe('fee-requested');
    expect(await payments().get(fresh.payment.reference)).toMatchObject({ status: 'pending' });
  });
});
