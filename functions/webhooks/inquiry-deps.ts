// What the SMS and Zalo inquiry webhooks share: repositories, the reply providers and the per-sender allowance.
import {
  catalogRepository,
  clock,
  plainDossierRepository,
  lookupRepository,
  pipeline,
} from '../../shared/dossier/dependencies.js';
import { lookupSecret } from '../../shared/dossier/lookup.js';
import { replyProvidersFromEnv } from '../../shared/notify/providers.js';
import type { InquiryDeps, InquiryOutcome } from './inquiry.js';

/** Setting `INQUIRIES_PER_HOUR`: inquiries one sender may make in an hour (10). */
function perHour(): number {
  const value = Number(process.env.INQUIRIES_PER_HOUR ?? 10);
  return Number.isInteger(value) && value > 0 ? value : 10;
}

export const inquiryDeps = (): InquiryDeps => ({
  dossiers: plainDossierRepository(),
  lookups: lookupRepository(),
  catalog: catalogRepository(),
  pipeline: pipeline(),
  replies: replyProvidersFromEnv(process.env),
  secret: lookupSecret,
  now: clock,
  perSender: { max: perHour(), windowMs: 3_600_000 },
});

/** What the webhook answers: an answer to the applicant and a "not found" look the same to the provider. */
export const publicOutcome = (outcome: InquiryOutcome) => (outcome === 'not-found' ? 'answered' : outcome);
