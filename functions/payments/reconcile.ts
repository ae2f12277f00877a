// Scheduled: QUERY the payment platform about payments pending longer than 15 minutes.
import { logger } from '../../shared/powertools.js';
import { platformSettings, settlementDeps } from './dependencies.js';
import { reconcilePayments } from './reconciliation.js';

const deps = {
  ...settlementDeps(),
  query: async (url: string, message: unknown) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(5000),
    });
    if (!response.ok) throw new Error(`QUERY answered ${response.status}`);
    return response.json();
  },
};

export const handler = async () => {
  const summary = await reconcilePayments(deps, await platformSettings());
  logger.info('Payment reconciliation', { ...summary });
  return summary;
};
