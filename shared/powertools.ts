// One home for the Powertools logger and metrics; the logger redacts personal data before it is written.
// Tracing is Lambda's active tracing (see infra/stack.ts): the Powertools Tracer would bring the X-Ray SDK, whose
// async hooks tax every promise and whose size doubles a function's cold start (BENCHMARKS.md).
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { redactPersonalData } from './redact.js';

const serviceName = 'mot-cua';

export const logger = new Logger({
  serviceName,
  jsonReplacerFn: (key, value) => redactPersonalData(key, value),
});
/**
 * Where metrics are disabled (the local stack) nothing is published, and functions sharing the local process can
 * see another invocation's metrics store, so Powertools' "no application metrics" warning is noise there: its
 * warnings are dropped. Deployed, every invocation adds a metric first (Request, Batch) and warnings are kept.
 */
const quietWhenDisabled = () =>
  process.env.POWERTOOLS_METRICS_DISABLED === 'true'
    ? { logger: { ...console, warn: () => undefined, debug: () => undefined } }
    : {};

/** Metrics hold one invocation's data until flushed: each handler builds its own (an environment runs one at a time). */
export const createMetrics = () => new Metrics({ serviceName, namespace: 'MotCua', ...quietWhenDisabled() });
