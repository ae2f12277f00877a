// Message bodies on the pipeline queues.
import * as z from 'zod/mini';

export const stageMessage = z.object({
  dossierId: z.uuid(),
  stage: z.enum(['intake', 'nationalDocuments']),
});
export const notificationMessage = z.object({
  dossierId: z.uuid(),
  notificationId: z.string().check(z.minLength(1), z.maxLength(100)),
});
