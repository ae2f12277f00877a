// A payment's outcome from the platform (its callback, or the answer to a QUERY), recorded once per transaction
// (MaGiaoDich). A success moves the dossier back to processing exactly as an officer's confirm-payment does, through
// the status machine, in one transaction with the payment's settlement guarded by the dossier's version.
import { SUCCESS_CODE, type PlatformOutcome } from '../../shared/adapters/payment-platform.js';
import {
  PaymentChangedError,
  type PaymentRecord,
  type PaymentRepository,
  type TransactionRecord,
} from '../../shared/adapters/payment-repository.js';
import type { Actor } from '../../shared/domain/dossier/status-machine.js';
import { notificationParams, pendingNotification } from '../../shared/dossier/acceptance.js';
import { act } from '../../shared/dossier/aggregate.js';
import type { DossierRecord } from '../../shared/dossier/model.js';
import type { LookupRepository } from '../../shared/dossier/lookup-repository.js';
import type { Pipeline } from '../../shared/dossier/pipeline.js';
import {
  VersionConflictError,
  WriteConditionError,
  type DossierRepository,
} from '../../shared/dossier/repository.js';
import { HttpProblem } from '../../shared/http/problem.js';
import { jitteredPause } from '../../shared/retry.js';
import type { PAYMENT_OUTCOMES } from './callback.route.js';
import { codeOfReference } from './starting.js';

export type PaymentOutcome = (typeof PAYMENT_OUTCOMES)[number];

export interface SettlementDeps {
  payments: PaymentRepository;
  dossiers: DossierRepository;
  codes: Pick<LookupRepository, 'idByCode'>;
  /** The applicant is told that the fee was received, as when an officer confirms a payment. */
  pipeline: Pick<Pipeline, 'toNotification'>;
  lookupUrl: (code: string) => string;
  now: () => number;
}

const PLATFORM: Actor = { id: 'national-payment-platform', role: 'system' };
const ATTEMPTS = 5;

export interface Settled {
  paymentId: string;
  reference: string;
  outcome: PaymentOutcome;
  replayed: boolean;
}

/** Records what the platform says of a payment; the partner code is checked by the caller, with the signature. */
export async function settlePayment(deps: SettlementDeps, reported: PlatformOutcome): Promise<Settled> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await settleOnce(deps, reported);
    } catch (error) {
      // Another write got there first (the same callback in parallel, an officer, a notification): read again.
      const raced =
        error instanceof VersionConflictError ||
        error instanceof WriteConditionError ||
        error instanceof PaymentChangedError;
      if (!raced) throw error;
      if (attempt >= ATTEMPTS) {
        throw new HttpProblem(
          'service-unavailable',
          {
            vi: 'Hồ sơ đang được cập nhật liên tục; chưa ghi nhận được, hãy gửi lại',
            en: 'The dossier is being updated continuously; nothing was recorded, send it again',
          },
          [],
          { 'retry-after': '1' },
        );
      }
      await jitteredPause(attempt);
    }
  }
}

async function settleOnce(deps: SettlementDeps, reported: PlatformOutcome): Promise<Settled> {
  const payment = await deps.payments.get(reported.reference);
  if (!payment) throw await strayReference(deps, reported.reference);
  const answer = (outcome: PaymentOutcome, replayed = false): Settled => ({
    paymentId: payment.id,
    reference: payment.reference,
    outcome,
    replayed,
  });
  const recorded = await deps.payments.transaction(reported.transactionId);
  if (recorded) {
    if (recorded.reference !== payment.reference) {
      throw new HttpProblem('conflict', {
        vi: `Mã giao dịch ${reported.transactionId} đã được ghi nhận cho một mã tham chiếu khác`,
        en: `Transaction ${reported.transactionId} was recorded for another reference`,
      });
    }
    return answer(recorded.outcome as PaymentOutcome, true);
  }
  const now = deps.now();
  const at = new Date(now).toISOString();
  const transaction = (outcome: PaymentOutcome): TransactionRecord => ({
    transactionId: reported.transactionId,
    reference: payment.reference,
    outcome,
    at,
  });
  if (payment.status !== 'pending') {
    // Money the platform reports on a payment already settled (a second transaction): kept, to be reconciled.
    if (!(await deps.payments.recordTransaction(transaction('not-pending')))) {
      throw new PaymentChangedError('The transaction was recorded meanwhile');
    }
    return answer('not-pending');
  }
  const settled = (status: PaymentRecord['status'], extra: Partial<PaymentRecord> = {}): PaymentRecord => ({
    ...payment,
    status,
    transactionId: reported.transactionId,
    settledAt: at,
    ...extra,
  });
  if (reported.code !== SUCCESS_CODE) {
    await deps.payments.settle(settled('failed', { failureCode: reported.code }), transaction('failed'));
    return answer('failed');
  }
  if (reported.amountVnd !== payment.amountVnd || reported.currency !== 'VND') {
    await deps.payments.settle(
      settled('amount-mismatch', { receivedAmountVnd: reported.amountVnd }),
      transaction('amount-mismatch'),
    );
    return answer('amount-mismatch');
  }
  const dossier = await deps.dossiers.get(payment.dossierId);
  if (!dossier || dossier.status !== 'fee-requested') {
    // Paid, but nothing awaits it any more (another payment or the counter settled the fee): to be refunded.
    await deps.payments.settle(settled('paid', { dossierNotAwaiting: true }), transaction('paid'));
    return answer('paid');
  }
  const moved = act(dossier, { type: 'confirm-payment', reference: payment.reference }, PLATFORM, now, {
    note: `method=online reference=${payment.reference} transaction=${reported.transactionId}`,
  });
  if (!moved.ok) throw new Error(`confirm-payment refused for dossier ${dossier.id} in fee-requested`);
  // The platform's transaction is the payment's receipt reference, as an officer's confirm-payment records one.
  const next: DossierRecord = {
    ...moved.dossier,
    fee: dossier.fee
      ? { ...dossier.fee, payment: { reference: reported.transactionId, method: 'online', at } }
      : null,
  };
  const notification = pendingNotification(
    next,
    'fee-paid',
    { ...notificationParams(dossier, deps.lookupUrl), reference: reported.transactionId },
    now,
  );
  await deps.dossiers.commit(next, dossier.version, [moved.event], [notification], {
    writes: deps.payments.settlementWrites(settled('paid'), transaction('paid')),
  });
  await deps.pipeline.toNotification(next.id, notification.id);
  return answer('paid');
}

/** No payment under this reference: one a dossier could have (no INIT yet) is a 409, anything else a 404. */
async function strayReference(deps: SettlementDeps, reference: string) {
  const code = codeOfReference(reference);
  const dossierId = code !== reference ? await deps.codes.idByCode(code) : null;
  if (dossierId) {
    return new HttpProblem('conflict', {
      vi: `Chưa có giao dịch thanh toán nào được khởi tạo với mã tham chiếu ${reference}`,
      en: `No payment was started (INIT) under reference ${reference}`,
    });
  }
  return new HttpProblem('not-found', {
    vi: `Không có thanh toán với mã tham chiếu ${reference}`,
    en: `No payment with reference ${reference}`,
  });
}
