// Message bodies on the pipeline queues.
import * as z from 'zod';

export const stageMessage = z.object({ dossierId: z.string().uuid(), stage: z.enum(['intake', 'routing']) });
export const notificationMessage = z.object({
  dossierId: z.string().uuid(),
  notificationId: z.string().min(1).max(100),
});
