// The one way queue consumers are built: Powertools batch processing with partial batch failures, each record's
// body validated with zod; a record that fails is retried by SQS and reaches the DLQ after maxReceiveCount.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type * as z from 'zod/mini';
import { createMetrics, logger } from './powertools.js';

export function queueHandler<S extends z.ZodMiniType>(
  schema: S,
  /** `context` is the invocation's: a long consumer reads its time left (`getRemainingTimeInMillis`). */
  handle: (message: z.output<S>, record: SQSRecord, context: Context) => Promise<unknown>,
) {
  const metrics = createMetrics();
  const processor = new BatchProcessor(EventType.SQS);
  // The processor hands each record the context given to processPartialResponse below.
  const recordHandler = async (record: SQSRecord, context: Context) => {
    const message = schema.parse(JSON.parse(record.body));
    const outcome = await handle(message, record, context);
    metrics.addMetric(outcome === 'skipped' ? 'RecordSkipped' : 'RecordProcessed', MetricUnit.Count, 1);
    logger.info('Processed', {
      messageId: record.messageId,
      receiveCount: record.attributes.ApproximateReceiveCount,
      outcome: String(outcome),
    });
  };
  const core = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    metrics.addMetric('Batch', MetricUnit.Count, 1);
    return processPartialResponse(event, recordHandler, processor, { context });
  };
  return middy<SQSEvent, SQSBatchResponse>(core)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics));
}
