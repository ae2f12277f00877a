// Wires the payment use cases to the dossiers table, the platform's settings (PAYMENT_PLATFORM_URL,
// PAYMENT_PLATFORM_QUERY_URL, PAYMENT_PARTNER_CODE) and its shared secret (PAYMENT_PLATFORM_SECRET).
import { dynamodb } from '../../shared/aws/clients.js';
import { config } from '../../shared/config.js';
import { dynamoPaymentRepository } from '../../shared/adapters/payment-repository.js';
import {
  clock,
  dossierRepository,
  lookupRepository,
  newId,
  pipeline,
} from '../../shared/dossier/dependencies.js';
import { lookupUrl } from '../../shared/dossier/lookup.js';
import { HttpProblem } from '../../shared/http/problem.js';
import { readSecret } from '../../shared/secrets.js';

export interface PlatformSettings {
  pageUrl: string;
  queryUrl: string;
  partnerCode: string;
  secret: string;
}

export const paymentRepository = () => dynamoPaymentRepository(dynamodb, config.tableName('dossiers'));

/** The platform's settings and secret; a 503 when any is missing (nothing is paid or recorded unsigned). */
export async function platformSettings(): Promise<PlatformSettings> {
  const secret = await readSecret('PAYMENT_PLATFORM_SECRET');
  const pageUrl = process.env.PAYMENT_PLATFORM_URL;
  const queryUrl = process.env.PAYMENT_PLATFORM_QUERY_URL;
  const partnerCode = process.env.PAYMENT_PARTNER_CODE;
  if (!secret || !pageUrl || !queryUrl || !partnerCode) {
    throw new HttpProblem('service-unavailable', {
      vi: 'Chưa cấu hình thanh toán trực tuyến qua Nền tảng thanh toán quốc gia',
      en: 'Online payment through the national payment platform is not configured',
    });
  }
  return { secret, pageUrl, queryUrl, partnerCode };
}

/** What every payment function uses; each adds the dossier repository its grants call for. */
export const paymentBasics = () => ({
  payments: paymentRepository(),
  codes: lookupRepository(),
  now: clock,
  newId,
});

/**
 * What settling a payment needs besides: the notification queue, for the applicant's "fee received", and the events
 * hand-off (a success resumes processing: partners follow it at once).
 */
export const settlementDeps = () => ({
  ...paymentBasics(),
  dossiers: dossierRepository(),
  pipeline: pipeline(),
  lookupUrl,
});
