// Route contract of receiveSms: messages sent to the province's SMS number (the gateway's MO webhook, signed per
// Standard Webhooks); `TRACUU <code>` asks for a dossier's status.
import * as z from 'zod/mini';
import { vietnamesePhone } from '../../shared/dossier/applicant.js';
import { problem } from '../../shared/http/openapi-schemas.js';
import { defineRoute, noQuery } from '../../shared/http/route.js';

export const smsInboundSchema = z.object({
  /** The gateway's id of the message. */
  messageId: z.string().check(z.minLength(1), z.maxLength(100)),
  /** The sender's number (`84…`, `+84…` or `0…`). */
  from: z.union([vietnamesePhone, z.string().check(z.regex(/^84(?:3|5|7|8|9)[0-9]{8}$/))]),
  /** The province's number or short code it was sent to. */
  to: z.string().check(z.maxLength(20)),
  text: z.string().check(z.maxLength(1600)),
  receivedAt: z.optional(z.string()),
});

export const receiveSmsRoute = defineRoute({
  operationId: 'receiveSms',
  method: 'POST',
  path: '/webhooks/sms/inbound',
  summary:
    'The SMS gateway hands over a message sent to the province (MO); `TRACUU <code>` is answered by SMS',
  tags: ['webhooks'],
  auth: 'public',
  request: {
    body: smsInboundSchema,
    query: noQuery,
    headers: z.object({
      'webhook-id': z.string().check(z.minLength(1)),
      'webhook-timestamp': z.string().check(z.regex(/^[0-9]+$/)),
      'webhook-signature': z.string().check(z.minLength(1)),
    }),
    maxBodyBytes: 8 * 1024,
  },
  responses: [
    {
      status: 200,
      description:
        'Taken: `ignored` (not an inquiry), `duplicate` (this `messageId` was taken already: nothing sent again), `throttled` (too many from this sender: nothing sent), or `answered` (a reply is on its way: the status to the applicant, "not found" to anyone else)',
      schema: z.strictObject({ outcome: z.enum(['ignored', 'duplicate', 'throttled', 'answered']) }),
    },
    problem(401, 'The Standard Webhooks signature is missing or wrong'),
  ],
});
