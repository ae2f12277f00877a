// Route contract of reportDelivery: the delivery reports providers post back (Standard Webhooks signatures).
import * as z from 'zod/mini';
import { messageKey } from '../../shared/http/messages.js';
import { trackingIdMessage } from '../../shared/http/field-messages.js';
import { problem, RETRY_AFTER } from '../../shared/http/openapi-schemas.js';
import { defineRoute, noQuery } from '../../shared/http/route.js';

export const deliveryReportSchema = z.strictObject({
  /** The trackingId we sent: <dossier id>:<notification id>:<channel>. */
  trackingId: z
    .string()
    .check(z.regex(/^[0-9a-f-]{36}:[a-z-]+-[0-9]+:(email|sms|zalo)$/, messageKey(trackingIdMessage))),
  status: z.enum(['delivered', 'failed', 'read']),
  providerMessageId: z.optional(z.string().check(z.maxLength(200))),
  reason: z.optional(z.string().check(z.maxLength(500))),
});

export const deliveryReportRoute = defineRoute({
  operationId: 'reportDelivery',
  method: 'POST',
  path: '/webhooks/delivery',
  summary: 'A provider reports the delivery of a notification (signed per Standard Webhooks)',
  tags: ['webhooks'],
  auth: 'public',
  request: {
    body: deliveryReportSchema,
    query: noQuery,
    headers: z.object({
      'webhook-id': z.string().check(z.minLength(1)),
      'webhook-timestamp': z.string().check(z.regex(/^[0-9]+$/)),
      'webhook-signature': z.string().check(z.minLength(1)),
    }),
    maxBodyBytes: 8 * 1024,
  },
  responses: [
    { status: 204, description: 'Recorded in the dossier history (a redelivery of the same webhook id too)' },
    problem(401, 'The Standard Webhooks signature is missing or wrong'),
    problem(404, 'No dossier of that tracking id'),
    problem(503, 'Stored, but not yet written into the history; send it again', RETRY_AFTER),
  ],
});
