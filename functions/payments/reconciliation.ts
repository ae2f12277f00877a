// Payments still pending 15 minutes after they started: the platform is asked (QUERY) and its answer, verified like
// a callback, is recorded exactly as the callback would have been. Pending payments are read by index, oldest first;
// one the platform has no outcome for yet goes to the back of the line, to be asked again 15 minutes later.
import {
  callbackSigned,
  NOT_FINAL_CODE,
  outcomeOf,
  queryMessage,
  type CallbackMessage,
} from '../../shared/adapters/payment-platform.js';
import { logger } from '../../shared/powertools.js';
import type { PlatformSettings } from './dependencies.js';
import { settlePayment, type SettlementDeps } from './settlement.js';

export const PENDING_FOR_MS = 15 * 60 * 1000;
const PAGE = 100;

export interface ReconciliationDeps extends SettlementDeps {
  /** Sends a QUERY message; the platform's answer as JSON. */
  query: (url: string, message: unknown) => Promise<unknown>;
}

export interface ReconciliationSummary {
  asked: number;
  settled: number;
  stillPending: number;
  unverified: number;
}

export async function reconcilePayments(
  deps: ReconciliationDeps,
  platform: PlatformSettings,
): Promise<ReconciliationSummary> {
  const now = deps.now();
  const summary: ReconciliationSummary = { asked: 0, settled: 0, stillPending: 0, unverified: 0 };
  const pending = await deps.payments.pendingBefore(new Date(now - PENDING_FOR_MS).toISOString(), PAGE);
  for (const payment of pending) {
    summary.asked += 1;
    let answer: CallbackMessage;
    try {
      answer = (await deps.query(
        platform.queryUrl,
        queryMessage(payment.reference, platform.partnerCode, platform.secret, now),
      )) as CallbackMessage;
    } catch (error) {
      logger.warn('QUERY to the payment platform failed', { reference: payment.reference, error });
      summary.stillPending += 1;
      continue;
    }
    const valid =
      typeof answer?.MaXacThuc === 'string' &&
      callbackSigned(answer, platform.secret) &&
      answer.MaThamChieu === payment.reference &&
      answer.MaDoiTac === platform.partnerCode;
    if (!valid) {
      logger.warn('QUERY answer not verified', { reference: payment.reference });
      summary.unverified += 1;
      continue;
    }
    if (answer.MaLoi === NOT_FINAL_CODE || !answer.MaGiaoDich) {
      await deps.payments.askLater(payment, new Date(now).toISOString());
      summary.stillPending += 1;
      continue;
    }
    try {
      await settlePayment(deps, outcomeOf(answer));
      summary.settled += 1;
    } catch (error) {
      logger.warn('QUERY answer not recorded', { reference: payment.reference, error });
      summary.stillPending += 1;
    }
  }
  return summary;
}
