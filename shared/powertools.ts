// One home for the Powertools logger, metrics and tracer; the logger redacts personal data before it is written.
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { redactPersonalData } from './redact.js';

const serviceName = 'mot-cua';

export const logger = new Logger({
  serviceName,
  jsonReplacerFn: (key, value) => redactPersonalData(key, value),
});
export const metrics = new Metrics({ serviceName, namespace: 'MotCua' });
export const tracer = new Tracer({ serviceName });
