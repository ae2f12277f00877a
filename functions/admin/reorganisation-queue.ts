// The re-organisation job's own queue: each message names the job and the page it asks for.
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import * as z from 'zod/mini';
import { logger } from '../../shared/powertools.js';
import type { ReorganisationQueue } from './reorganisation.js';

export const reorganisationMessage = z.object({
  jobId: z.string().check(z.regex(/^[0-9a-f]{32}$/)),
  page: z.int().check(z.nonnegative()),
});

export function sqsReorganisationQueue(sqs: SQSClient, queueUrl: string): ReorganisationQueue {
  return {
    async send(jobId, page, delaySeconds = 0) {
      try {
        await sqs.send(
          new SendMessageCommand({
            QueueUrl: queueUrl,
            MessageBody: JSON.stringify({ jobId, page }),
            ...(delaySeconds > 0 ? { DelaySeconds: delaySeconds } : {}),
          }),
        );
      } catch (error) {
        // The job keeps its position: asking for the same merge again resends this page.
        logger.warn('Re-organisation page not sent', { jobId, page, error: (error as Error).message });
      }
    },
  };
}
