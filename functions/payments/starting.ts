// The applicant starts paying a requested fee: a payment under a new reference (MaThamChieu) for the fee's total,
// and the platform's page built from its INIT message. Starting again makes another payment; the first success wins.
import { randomBytes } from 'node:crypto';
import { initMessage, pageUrl } from '../../shared/adapters/payment-platform.js';
import type { PaymentRecord, PaymentRepository } from '../../shared/adapters/payment-repository.js';
import type { DossierReads } from '../../shared/dossier/repository.js';
import type { Caller } from '../../shared/http/handler.js';
import type { Language } from '../../shared/http/language.js';
import { STATUS_NAMES } from '../../shared/http/messages.js';
import { conflict, mine } from '../dossiers/use-cases.js';
import type { PlatformSettings } from './dependencies.js';

export interface StartPaymentDeps {
  payments: PaymentRepository;
  dossiers: DossierReads;
  now: () => number;
  newId: () => string;
}

/** Crockford's base32 without look-alikes: a reference read over the phone. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const suffix = () => [...randomBytes(8)].map((byte) => ALPHABET[byte % ALPHABET.length]).join('');

/** `<dossier code>-<8 characters>`: the code names the dossier a stray callback is about. */
export const referenceFor = (code: string) => `${code}-${suffix()}`;
export const codeOfReference = (reference: string) => reference.replace(/-[0-9A-Z]{8}$/, '');

export async function startPayment(
  deps: StartPaymentDeps,
  platform: PlatformSettings,
  caller: Caller,
  id: string,
  language: Language,
) {
  const dossier = mine(caller, id, await deps.dossiers.get(id));
  if (dossier.status !== 'fee-requested' || !dossier.fee || !dossier.code) {
    throw conflict(
      `Hồ sơ đang ở trạng thái ${STATUS_NAMES[dossier.status].vi}, không có lệ phí nào đang chờ thanh toán`,
      `The dossier is ${STATUS_NAMES[dossier.status].en}; no fee is awaiting payment`,
    );
  }
  const amountVnd = dossier.fee.items.reduce((sum, item) => sum + item.amountVnd, 0);
  const now = deps.now();
  for (let attempt = 1; ; attempt += 1) {
    const payment: PaymentRecord = {
      id: deps.newId(),
      reference: referenceFor(dossier.code),
      dossierId: dossier.id,
      applicantId: dossier.applicantId,
      amountVnd,
      status: 'pending',
      createdAt: new Date(now).toISOString(),
    };
    // A reference is never given twice: the Put holds only where none exists.
    if (!(await deps.payments.create(payment))) {
      if (attempt >= 3) throw new Error('Three payment references taken in a row');
      continue;
    }
    const init = initMessage(
      { reference: payment.reference, amountVnd, description: `Le phi ho so ${dossier.code}`, language },
      platform.partnerCode,
      platform.secret,
      now,
    );
    return {
      paymentId: payment.id,
      reference: payment.reference,
      amountVnd,
      redirectUrl: pageUrl(platform.pageUrl, init),
    };
  }
}
