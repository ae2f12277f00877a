// Schemas the calendar routes share; each route has its module beside its handler.
import * as z from 'zod/mini';

/** A dated day off or make-up working day, with its reason. */
export const dayEntry = z.object({ date: z.string(), reason: z.string() });
