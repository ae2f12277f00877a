// Schemas of the subscription routes (role `admin`): partners' receivers of the dossiers' events.
import * as z from 'zod/mini';
import { EVENT_TYPES } from '../../shared/events/model.js';

export const bySubscriptionId = z.object({ id: z.string().check(z.regex(/^[0-9a-f-]{36}$/)) });

/** One of the event types the document lists, or `*` for all of them (alone). */
export const eventTypeSchema = z.enum([...EVENT_TYPES, '*']);

export const subscriptionBodySchema = z.strictObject({
  url: z.url().check(z.maxLength(2000)),
  eventTypes: z.array(eventTypeSchema).check(z.minLength(1), z.maxLength(EVENT_TYPES.length)),
  description: z.string().check(z.trim(), z.minLength(1), z.maxLength(500)),
});
export type SubscriptionBody = z.infer<typeof subscriptionBodySchema>;

export const createdSubscriptionSchema = z.object({
  id: z.string(),
  /** Shown once: the receiver verifies signatures with it (Standard Webhooks). */
  secret: z.string().check(z.regex(/^whsec_[A-Za-z0-9+/=]+$/)),
});

export const subscriptionSchema = z.object({
  id: z.string(),
  url: z.string(),
  eventTypes: z.array(z.string()),
  description: z.string(),
  createdAt: z.string(),
});

export const deliverySchema = z.object({
  eventId: z.string(),
  type: z.string(),
  subject: z.string(),
  time: z.string(),
  state: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.array(z.object({ at: z.string(), status: z.optional(z.int()), error: z.optional(z.string()) })),
  /** The receiver's status at the last attempt (null when it did not answer). */
  lastStatus: z.nullable(z.int()),
  nextAttemptAt: z.nullable(z.string()),
});
